#!/usr/bin/env python3
"""Latency of GET /v1/projects/{id} through a running local backend, as a client sees it.

Signs up an enterprise tenant (1,000 requests/s, so the rate limit stays out of the way), creates
one project, warms up, then times N sequential GETs over one keep-alive connection and prints
p50/p90/p99/max in milliseconds as a Markdown table row.

Usage: ./tenantry start   (in another shell), then
       python3 local/bench/get_project_latency.py [--base http://127.0.0.1:3000] [--requests 2000]
"""
import argparse
import statistics
import time
import uuid

import requests


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:3000")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()
    s = requests.Session()
    email = f"bench-{uuid.uuid4().hex[:10]}@example.test"

    def token(tenant=None):
        body = {"email": email} | ({"tenantId": tenant} if tenant else {})
        return s.post(f"{args.base}/local/auth/token", json=body).json()["token"]

    tenant = s.post(f"{args.base}/v1/tenants", json={"name": "Bench", "plan": "enterprise"},
                    headers={"authorization": f"Bearer {token()}"}).json()["id"]
    auth = {"authorization": f"Bearer {token(tenant)}"}
    project = s.post(f"{args.base}/v1/projects", json={"name": "Bench"}, headers=auth).json()["id"]
    url = f"{args.base}/v1/projects/{project}"
    for _ in range(args.warmup):
        assert s.get(url, headers=auth).status_code == 200
    times = []
    for _ in range(args.requests):
        started = time.perf_counter()
        r = s.get(url, headers=auth)
        times.append((time.perf_counter() - started) * 1000)
        assert r.status_code == 200, r.text
    times.sort()
    q = statistics.quantiles(times, n=100)
    print("| requests | p50 | p90 | p99 | max |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {args.requests} | {q[49]:.2f} ms | {q[89]:.2f} ms | {q[98]:.2f} ms | {times[-1]:.2f} ms |")


if __name__ == "__main__":
    main()
