#!/usr/bin/env python3
"""Noisy neighbour: does one tenant flooding the API hurt another tenant's requests?

Against a running local backend, on loopback only, bounded in time and count:
  1. tenant B alone: B sends GET /v1/projects/{id} at --b-rate requests/s (within its plan) for
     --seconds seconds;
  2. tenant A at --a-factor times its plan's rate (free: 10/s, so 200/s by default) for the same
     time, while B sends exactly as in 1.
Both tenants are on the free plan. It prints, as Markdown rows, what each tenant got: requests,
answers by status, B's p50/p90/p99 latency in each phase, A's 429s and whether each carried
Retry-After, and B's p99 with A over B's p99 alone (the target: at most 1.2), and writes the same
as JSON to --out.

Usage: ./tenantry start   (in another shell), then
       python3 local/bench/noisy_neighbour.py [--base http://127.0.0.1:3000] [--seconds 30]
"""
import argparse
import json
import statistics
import threading
import time

import requests
from local_tenant import LocalTenant

FREE_RATE = 10  # requests/s of the free plan (docs/rate-limits.md)


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class Tenant(LocalTenant):
    def __init__(self, base, name):
        super().__init__(base, f"Noisy {name}")
        project = self.call("POST", "/v1/projects", json={"name": "Noisy"})
        project.raise_for_status()
        self.url = f"{base}/v1/projects/{project.json()['id']}"
        time.sleep(2)  # the bucket refills after the set-up's requests


def paced(tenant, rate, seconds, threads, results, stop_at):
    """Sends GETs at `rate` per second, spread over `threads` senders, until `stop_at`."""
    interval = threads / rate
    lock = threading.Lock()

    def sender(offset):
        s = requests.Session()
        headers = {"authorization": f"Bearer {tenant.token}"}
        next_at = time.monotonic() + offset
        while True:
            now = time.monotonic()
            if now >= stop_at:
                return
            if now < next_at:
                time.sleep(next_at - now)
            started = time.monotonic()
            try:
                r = s.get(tenant.url, headers=headers, timeout=10)
                status, retry_after = r.status_code, r.headers.get("Retry-After")
            except requests.RequestException:
                status, retry_after = 0, None
            elapsed_ms = (time.monotonic() - started) * 1000
            with lock:
                results.append((status, elapsed_ms, retry_after))
            next_at += interval

    workers = [threading.Thread(target=sender, args=(i * interval / threads,)) for i in range(threads)]
    for w in workers:
        w.start()
    return workers


def summary(results):
    statuses = {}
    for status, _, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    ok = [ms for status, ms, _ in results if status == 200]
    limited = [r for r in results if r[0] == 429]
    return {
        "requests": len(results),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "success_pct": round(100 * len(ok) / len(results), 2) if results else 0,
        "p50_ms": round(percentile(ok, 50), 2),
        "p90_ms": round(percentile(ok, 90), 2),
        "p99_ms": round(percentile(ok, 99), 2),
        "rate_limited": len(limited),
        "rate_limited_with_retry_after": sum(1 for r in limited if r[2]),
    }


def phase(tenants, seconds):
    stop_at = time.monotonic() + seconds
    outcome = {}
    running = []
    for name, tenant, rate, threads in tenants:
        outcome[name] = []
        running += paced(tenant, rate, seconds, threads, outcome[name], stop_at)
    for w in running:
        w.join()
    return {name: summary(results) for name, results in outcome.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:3000")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--a-factor", type=int, default=20)
    parser.add_argument("--b-rate", type=float, default=8.0)
    parser.add_argument("--out", default="target/bench/noisy-neighbour.json")
    args = parser.parse_args()
    if not args.base.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("loopback only: --base must be http://127.0.0.1:<port> or http://localhost:<port>")

    a, b = Tenant(args.base, "a"), Tenant(args.base, "b")
    # Warm the functions up (both tenants, within their plan).
    phase([("a", a, 5, 1), ("b", b, 5, 1)], 3)
    time.sleep(2)
    alone = phase([("b", b, args.b_rate, 2)], args.seconds)
    time.sleep(2)
    a_rate = FREE_RATE * args.a_factor
    together = phase([("a", a, a_rate, 16), ("b", b, args.b_rate, 2)], args.seconds)

    ratio = together["b"]["p99_ms"] / alone["b"]["p99_ms"]
    report = {"seconds": args.seconds, "a_rate": a_rate, "b_rate": args.b_rate,
              "b_alone": alone["b"], "with_a": together, "b_p99_ratio": round(ratio, 2)}
    import os
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)

    print("| phase | tenant | sent/s | requests | answers | success | p50 ms | p90 ms | p99 ms | 429s with Retry-After |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows = [("B alone", "B", args.b_rate, alone["b"]),
            ("A flooding", "A", a_rate, together["a"]),
            ("A flooding", "B", args.b_rate, together["b"])]
    for name, who, rate, s in rows:
        print(f"| {name} | {who} | {rate:g} | {s['requests']} | {s['statuses']} | {s['success_pct']}% | "
              f"{s['p50_ms']} | {s['p90_ms']} | {s['p99_ms']} | "
              f"{s['rate_limited_with_retry_after']}/{s['rate_limited']} |")
    print(f"\nB's p99 with A flooding / B's p99 alone: {ratio:.2f} (target at most 1.2)")


if __name__ == "__main__":
    main()
