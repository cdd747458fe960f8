#!/usr/bin/env python3
"""Media flood: does one tenant flooding the media path delay another tenant's upload?

Against a running local backend, on loopback only, bounded in time and count:
  1. idle: tenant B (free plan) uploads one picture every --interval seconds, --rounds times, and
     measures each from the end of its PUT to the item's status `ready`;
  2. flood: tenant A (pro plan, 100 requests/s) creates and uploads pictures from --threads threads
     as fast as its rate limit lets it (a 429 waits its Retry-After), at most --flood-uploads of them
     and for at most --seconds, while B uploads exactly as in 1.
Every picture is a PNG of random pixels (--width x --height), so the worker decodes and resizes a
full image each time. It prints, as Markdown rows, B's time to ready in each phase (p50, max), the
ratio of B's p50 with the flood over B's p50 idle (the target: at most 2), A's uploads and 429s and
how many of A's items were still waiting when B's last upload was ready (B overtook them), and then
waits until every one of A's items is finished, so that the next run starts on an idle system; it
writes the same as JSON to --out.

With --log (the backend's output), it also counts, for each of B's uploads in the flood, how many of
A's items the worker finished between B's PUT and B's item: what B waited for.

Usage: ./tenantry start --data-dir DIR > backend.log   (in another shell; objects on disk: a flood of
       pictures held in memory would fill the backend's 1 GB heap), then
       python3 local/bench/media_flood.py [--base http://127.0.0.1:3000] [--lambda-url http://127.0.0.1:3001]
           [--log backend.log]
"""
import argparse
import json
import os
import statistics
import struct
import threading
import time
import zlib

import requests
from local_tenant import LocalTenant


def png(width, height):
    """A PNG of random RGB pixels: it compresses poorly, so its bytes are about its pixels."""
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")


class Tenant(LocalTenant):
    def __init__(self, base, name):
        super().__init__(base, f"Flood {name}")
        self.uploaded_at = {}  # media id -> wall-clock time its PUT ended

    def upload(self, picture):
        """Creates an item and PUTs the picture; answers the item's id and when the PUT ended."""
        created = self.call("POST", "/v1/media", json={
            "fileName": "flood.png", "contentType": "image/png", "sizeBytes": len(picture)})
        created.raise_for_status()
        item = created.json()
        headers = {k: v for k, v in item["uploadHeaders"].items() if k.lower() != "content-length"}
        put = requests.put(item["uploadUrl"], data=picture, headers=headers, timeout=60)
        put.raise_for_status()
        self.uploaded_at[item["id"]] = time.time()
        return item["id"], time.monotonic()

    def time_to_ready(self, picture, limit=300):
        media_id, uploaded = self.upload(picture)
        while time.monotonic() - uploaded < limit:
            status = self.call("GET", f"/v1/media/{media_id}").json()["status"]
            if status in ("ready", "rejected"):
                if status != "ready":
                    raise RuntimeError(f"{media_id} was {status}")
                return media_id, time.monotonic() - uploaded
            time.sleep(0.15)  # within the free plan's 10 requests/s
        raise RuntimeError(f"{media_id} not ready within {limit} s")


def b_rounds(tenant, picture, rounds, interval):
    """B's uploads, one at a time: their ids and seconds from the end of the PUT to `ready`."""
    ids, times = [], []
    for _ in range(rounds):
        started = time.monotonic()
        media_id, seconds = tenant.time_to_ready(picture)
        ids.append(media_id)
        times.append(seconds)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    return ids, times


def ready_times(log_path):
    """From the backend's output: when the media worker logged each item ready, by (tenant, media id)."""
    ready = {}
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if not line.startswith("{") or '"Media ready"' not in line:
                continue
            entry = json.loads(line)
            mdc = entry.get("mdc", {})
            ready[(mdc.get("tenantId"), mdc.get("mediaId"))] = entry["timestamp"] / 1000
    return ready


def overtaken_by(log_path, a, b, b_ids):
    """For each of B's uploads: how many of A's items the worker finished between B's PUT and B's item.
    In arrival order that is A's whole backlog; with fair batches, at most the one in progress (and one
    that started while B's notification was on its way through the relay)."""
    ready = ready_times(log_path)
    a_ready = sorted(t for (tenant, _), t in ready.items() if tenant == a.tenant_id)
    counts = []
    for media_id in b_ids:
        done = ready.get((b.tenant_id, media_id))
        if done is None:
            raise RuntimeError(f"no 'Media ready' line for {media_id} in {log_path}")
        counts.append(sum(1 for t in a_ready if b.uploaded_at[media_id] < t < done))
    return counts


def flood(tenant, picture, threads, limit, seconds, stop, ids):
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def sender():
        while not stop.is_set() and time.monotonic() < deadline:
            with lock:
                if len(ids) >= limit:
                    return
                ids.append(None)
                slot = len(ids) - 1
            ids[slot] = tenant.upload(picture)[0]

    workers = [threading.Thread(target=sender, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    return workers


def unfinished(tenant, ids):
    """The items not ready or rejected yet (read past A's rate limit with waits)."""
    return [i for i in ids if tenant.call("GET", f"/v1/media/{i}").json()["status"] not in ("ready", "rejected")]


def drain(tenant, ids, limit):
    """Waits until every item is finished, so that the next run starts idle; answers the seconds it took."""
    started, left = time.monotonic(), list(ids)
    while left:
        if time.monotonic() - started > limit:
            raise RuntimeError(f"{len(left)} of A's items not finished within {limit} s")
        time.sleep(1)
        left = unfinished(tenant, left)
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:3000")
    parser.add_argument("--lambda-url", default="http://127.0.0.1:3001")
    parser.add_argument("--width", type=int, default=800)
    parser.add_argument("--height", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--flood-uploads", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--drain-limit", type=float, default=600)
    parser.add_argument("--log", help="the backend's output (./tenantry start > FILE): counts, for each of B's "
                        "uploads in the flood, the items of A the worker finished while B's waited")
    parser.add_argument("--out", default="target/bench/media-flood.json")
    args = parser.parse_args()

    picture = png(args.width, args.height)
    a, b = Tenant(args.base, "A"), Tenant(args.base, "B")
    requests.post(f"{args.lambda_url}/2015-03-31/functions/ChangeTenantPlanFunction/invocations",
                  json={"tenantId": a.tenant_id, "plan": "pro"}, timeout=30).raise_for_status()
    b.time_to_ready(picture)  # warms the worker's image path; not counted
    time.sleep(6)  # plans are read within 5 s (docs/rate-limits.md)

    _, idle = b_rounds(b, picture, args.rounds, args.interval)

    stop, ids = threading.Event(), []
    started = time.monotonic()
    workers = flood(a, picture, args.threads, args.flood_uploads, args.seconds, stop, ids)
    time.sleep(3)  # the backlog builds before B's first upload
    b_flood_ids, flooded = b_rounds(b, picture, args.rounds, args.interval)
    stop.set()
    for w in workers:
        w.join()
    flood_seconds = time.monotonic() - started
    ids = [i for i in ids if i]
    backlog = len(unfinished(a, ids))
    drained = drain(a, ids, args.drain_limit)
    overtaken = overtaken_by(args.log, a, b, b_flood_ids) if args.log else None

    result = {
        "picture": {"width": args.width, "height": args.height, "bytes": len(picture)},
        "b_idle_seconds": idle,
        "b_flood_seconds": flooded,
        "b_idle_p50": statistics.median(idle),
        "b_flood_p50": statistics.median(flooded),
        "ratio_p50": statistics.median(flooded) / statistics.median(idle),
        "a_uploads": len(ids),
        "a_429": a.throttled,
        "a_flood_seconds": flood_seconds,
        "a_waiting_when_b_done": backlog,
        "a_drained_seconds_after": drained,
        "a_finished_while_each_b_waited": overtaken,
    }
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as out:
        json.dump(result, out, indent=2)
    print(f"picture {args.width}x{args.height} PNG, {len(picture):,} bytes; B every {args.interval} s, "
          f"{args.rounds} rounds; A from {args.threads} threads")
    print("| phase | B p50 to ready | B max | A uploads | A 429s | A items waiting when B was done | A's last ready |")
    print("|---|---|---|---|---|---|---|")
    print(f"| B alone | {result['b_idle_p50']:.2f} s | {max(idle):.2f} s | – | – | – | – |")
    print(f"| A flooding | {result['b_flood_p50']:.2f} s | {max(flooded):.2f} s | {result['a_uploads']} in "
          f"{flood_seconds:.0f} s | {a.throttled} | {backlog} | {drained:.0f} s later |")
    print(f"B's p50 with the flood / alone: {result['ratio_p50']:.2f} (target: at most 2)")
    if overtaken is not None:
        print(f"A's items finished while each of B's waited: {overtaken} (in arrival order: A's backlog)")


if __name__ == "__main__":
    main()
