#!/usr/bin/env python3
"""Webhook fairness: does one tenant's hanging endpoint delay another tenant's deliveries?

Against a running local backend, on loopback only, bounded in time and count. Two receivers run in
this process on 127.0.0.1: B's answers 204 at once and notes when each delivery arrived; A's holds
every request for --hang seconds (past the worker's 10 s attempt timeout) before it answers.
  1. idle: tenant B creates a project every --interval seconds, --rounds times, and measures each
     from the 201 of its POST /v1/projects to the arrival of its `project.created` delivery;
  2. hanging: tenant A creates --a-events projects at once (each a delivery to A's hanging
     endpoint, retried while it hangs), then B creates projects exactly as in 1.
It prints, as Markdown rows, B's time to delivery in each phase (p50, max), the ratio of B's p50
with A's hanging endpoint over B's p50 idle, how many of A's requests A's receiver was holding or
had been sent when B was done, and writes the same as JSON to --out. Then it deletes A's webhook,
so that A's retries stop and the next run starts on a quiet queue.

Usage: ./tenantry start   (in another shell), then
       python3 local/bench/webhook_fairness.py [--base http://127.0.0.1:3000]
"""
import argparse
import http.server
import json
import os
import statistics
import threading
import time

from local_tenant import LocalTenant


class Receivers:
    """B's receiver (answers at once, notes arrivals by project id) and A's (holds each request)."""

    def __init__(self, hang):
        self.arrived = {}  # project id -> time.monotonic() of its project.created delivery
        self.a_requests = 0
        self.a_holding = 0
        self.lock = threading.Lock()
        receivers = self

        class Fast(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                with receivers.lock:
                    receivers.arrived.setdefault(body["data"]["id"], time.monotonic())
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        class Hanging(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["content-length"]))
                with receivers.lock:
                    receivers.a_requests += 1
                    receivers.a_holding += 1
                try:
                    time.sleep(hang)
                    self.send_response(204)
                    self.end_headers()
                except OSError:
                    pass  # the worker gave up on it first
                finally:
                    with receivers.lock:
                        receivers.a_holding -= 1

            def log_message(self, *args):
                pass

        self.fast = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fast)
        self.hanging = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hanging)
        self.fast.daemon_threads = self.hanging.daemon_threads = True
        for server in (self.fast, self.hanging):
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def url(self, server):
        return f"http://127.0.0.1:{server.server_address[1]}/hooks"


class Tenant(LocalTenant):
    def ok(self, method, path, **kwargs):
        answer = self.call(method, path, **kwargs)
        answer.raise_for_status()
        return answer

    def webhook(self, url):
        return self.ok("POST", "/v1/webhooks", json={"url": url, "events": ["project.created"]}).json()["id"]

    def project(self, name):
        return self.ok("POST", "/v1/projects", json={"name": name}).json()["id"]


def b_rounds(b, receivers, rounds, interval, limit):
    times = []
    for i in range(rounds):
        started = time.monotonic()
        project_id = b.project(f"probe {i}")
        created = time.monotonic()
        while project_id not in receivers.arrived:
            if time.monotonic() - created > limit:
                raise RuntimeError(f"B's delivery of {project_id} not there within {limit} s")
            time.sleep(0.02)
        times.append(receivers.arrived[project_id] - created)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:3000")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--a-events", type=int, default=20)
    parser.add_argument("--hang", type=float, default=15.0)
    parser.add_argument("--limit", type=float, default=120.0, help="longest wait for one of B's deliveries")
    parser.add_argument("--out", default="target/bench/webhook-fairness.json")
    args = parser.parse_args()

    receivers = Receivers(args.hang)
    a, b = Tenant(args.base, "Hooks A"), Tenant(args.base, "Hooks B")
    a_hook = a.webhook(receivers.url(receivers.hanging))
    b.webhook(receivers.url(receivers.fast))
    b_rounds(b, receivers, 1, 0, args.limit)  # warms the path; not counted

    idle = b_rounds(b, receivers, args.rounds, args.interval, args.limit)

    started = time.monotonic()
    for i in range(args.a_events):
        a.project(f"hanging {i}")
    time.sleep(1)  # A's first attempts reach its endpoint before B's first project
    hanging = b_rounds(b, receivers, args.rounds, args.interval, args.limit)
    seconds = time.monotonic() - started
    with receivers.lock:
        a_requests, a_holding = receivers.a_requests, receivers.a_holding
    a.ok("DELETE", f"/v1/webhooks/{a_hook}")

    result = {
        "a_events": args.a_events,
        "hang_seconds": args.hang,
        "b_idle_seconds": idle,
        "b_hanging_seconds": hanging,
        "b_idle_p50": statistics.median(idle),
        "b_hanging_p50": statistics.median(hanging),
        "ratio_p50": statistics.median(hanging) / statistics.median(idle),
        "a_requests_to_hanging_endpoint": a_requests,
        "a_requests_held_when_b_done": a_holding,
        "phase_seconds": seconds,
    }
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as out:
        json.dump(result, out, indent=2)
    print(f"A: {args.a_events} project.created events to an endpoint that holds each request {args.hang} s; "
          f"B: a project every {args.interval} s, {args.rounds} rounds")
    print("| phase | B p50 to delivery | B max | A's attempts that reached its endpoint | A's held when B was done |")
    print("|---|---|---|---|---|")
    print(f"| B alone | {result['b_idle_p50']:.3f} s | {max(idle):.3f} s | – | – |")
    print(f"| A's endpoint hanging | {result['b_hanging_p50']:.3f} s | {max(hanging):.3f} s | {a_requests} in "
          f"{seconds:.0f} s | {a_holding} |")
    print(f"B's p50 with A's endpoint hanging / alone: {result['ratio_p50']:.2f}")


if __name__ == "__main__":
    main()
