#!/usr/bin/env bash
# Smoke test of the local backend, as the README starts it: `./tenantry start` in the background on the default
# ports (3000, 3001), the contract's smoke tests against it (../shared/smoke/run.sh), the API reference page in
# headless Chromium (tools/api-docs/browser-check.mjs), the TypeScript client's browser suite (its page served from
# http://localhost:5173, the template's default CORS origin, and refused from another port:
# clients/typescript/browser-test/run.mjs), a Lambda Invoke API call with the aws CLI, a message that
# dead-letters after maxReceiveCount, and the cost-per-tenant export checked end to end (.ci/cost-export-check.py).
# The backend is always stopped.
# Usage: .ci/smoke.sh   (SMOKE_READY_TIMEOUT: seconds to wait for the ready line, build included; default 120)
set -euo pipefail
cd "$(dirname "$0")/.."

api=http://127.0.0.1:3000
lambda=http://127.0.0.1:3001
log=$(mktemp -t tenantry-smoke.XXXXXX)
timeout=${SMOKE_READY_TIMEOUT:-120}
pid=

stop() {
  status=$?
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "smoke: the backend did not stop within 10 s of SIGTERM" >&2
      kill -KILL "$pid" 2>/dev/null || true
      status=1
    fi
  fi
  if [ "$status" -ne 0 ]; then
    echo "smoke: FAILED; the backend's output:" >&2
    tail -n 80 "$log" >&2 || true
  fi
  rm -f "$log"
  exit "$status"
}
trap stop EXIT

step() { printf '\n--- %s\n' "$1"; }

step "./tenantry start (the README's first command), waiting for the ready line (at most ${timeout}s)"
started=$(date +%s)
./tenantry start >"$log" 2>&1 &
pid=$!
until grep -q "Tenantry local backend ready" "$log"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "smoke: ./tenantry start exited before it was ready" >&2
    exit 1
  fi
  if [ $(( $(date +%s) - started )) -ge "$timeout" ]; then
    echo "smoke: no ready line after ${timeout}s" >&2
    exit 1
  fi
  sleep 0.5
done
grep "Tenantry local backend ready" "$log"

step "the contract's smoke tests (../shared/smoke/run.sh)"
TENANTRY_BASE=$api ../shared/smoke/run.sh

step "the README's curl walk-through (.ci/readme-calls.sh)"
.ci/readme-calls.sh

step "the API reference page in headless Chromium: /docs rendered offline, its Test Request against this backend; ./tenantry reference's one-file page"
tools/api-docs/install.sh
node tools/api-docs/browser-check.mjs "$api/docs" --try-it
reference_dir=$(mktemp -d)
./tenantry reference --out "$reference_dir/reference.html"
node tools/api-docs/browser-check.mjs "file://$reference_dir/reference.html"
rm -rf "$reference_dir"

step "the TypeScript client in headless Chromium: its page from http://localhost:5173 (an allowed origin) walks the API; another origin is refused"
clients/typescript/install.sh
(cd clients/typescript && npm run -s build)
node clients/typescript/browser-test/run.mjs --api "$api" --origin http://localhost:5173

step "aws lambda invoke --endpoint-url $lambda"
if command -v aws >/dev/null 2>&1; then
  out=$(mktemp)
  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" \
    aws lambda invoke --endpoint-url "$lambda" --function-name GetHealthFunction \
    --payload fileb://events/identity/GetHealthFunction.json "$out" >/dev/null
  grep -q '"statusCode":200' "$out" || { echo "smoke: unexpected result: $(cat "$out")" >&2; exit 1; }
  echo "GetHealthFunction: $(cat "$out")"
  rm -f "$out"
else
  echo "(aws CLI not installed: skipped)"
fi

step "a message its worker cannot handle dead-letters after maxReceiveCount"
# The template's first queue with a redrive policy (a worker's queue). A body that is not JSON fails the worker; it
# returns to the queue after each visibility timeout until the redrive policy moves it. The queue's visibility
# timeout (minutes, sized for the cloud) is set to 1 s for the check, with the aws CLI, and restored afterwards.
if command -v aws >/dev/null 2>&1; then
python3 - "$api" <<'PY'
import json, os, subprocess, sys, time, urllib.request

api = sys.argv[1]
endpoints = json.load(urllib.request.urlopen(api + "/local/endpoints"))
env = dict(os.environ, AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local", AWS_DEFAULT_REGION="us-east-1",
           AWS_PAGER="")

def sqs(*args):
    out = subprocess.run(["aws", "sqs", *args, "--endpoint-url", endpoints["sqs"], "--output", "json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out) if out.strip() else {}

queues = [url for url in endpoints["resources"].values() if url.startswith(endpoints["sqs"])]
source = None
for url in queues:
    attributes = sqs("get-queue-attributes", "--queue-url", url, "--attribute-names", "All")["Attributes"]
    if "RedrivePolicy" in attributes:
        source, redrive, visibility = url, json.loads(attributes["RedrivePolicy"]), attributes["VisibilityTimeout"]
        break
if source is None:
    print("(no queue with a dead-letter queue in the template yet: skipped)")
    sys.exit(0)
dlq = sqs("get-queue-url", "--queue-name", redrive["deadLetterTargetArn"].split(":")[-1])["QueueUrl"]
count = int(redrive["maxReceiveCount"])
body = "smoke-poison-%d (not JSON)" % time.time_ns()
sqs("set-queue-attributes", "--queue-url", source, "--attributes", "VisibilityTimeout=1")
try:
    sqs("send-message", "--queue-url", source, "--message-body", body)
    print(f"sent a poison message to {source.rsplit('/', 1)[-1]} (maxReceiveCount {count});"
          f" waiting for it in {dlq.rsplit('/', 1)[-1]}...")
    deadline = time.time() + count * 10 + 60
    while time.time() < deadline:
        got = sqs("receive-message", "--queue-url", dlq, "--max-number-of-messages", "10",
                  "--wait-time-seconds", "2").get("Messages", [])
        for message in got:
            sqs("delete-message", "--queue-url", dlq, "--receipt-handle", message["ReceiptHandle"])
            if message["Body"] == body:
                print(f"dead-lettered after {count} failed deliveries")
                sys.exit(0)
    print("smoke: the poison message did not reach the dead-letter queue", file=sys.stderr)
    sys.exit(1)
finally:
    sqs("set-queue-attributes", "--queue-url", source, "--attributes", f"VisibilityTimeout={visibility}")
PY
else
  echo "(aws CLI not installed: skipped)"
fi

step "the cost-per-tenant export: known traffic, invoked on $lambda, files recomputed, report rendered (.ci/cost-export-check.py)"
TENANTRY_BASE=$api TENANTRY_LAMBDA=$lambda python3 .ci/cost-export-check.py

step "GET /local/metrics: the route metrics move by exactly the requests sent"
python3 - "$api" <<'PY'
import json, sys, urllib.error, urllib.request

api = sys.argv[1]
route = "GET:/v1/health"

def totals():
    metrics = json.load(urllib.request.urlopen(api + "/local/metrics"))["metrics"]
    found = {}
    for m in metrics:
        d = m["dimensions"]
        if d.get("Route") == route and len(d) == 2:
            assert m["namespace"] == "Tenantry", m
            found[m["name"]] = (m["count"], m["sum"], m["unit"])
    return found

before = totals()
for _ in range(3):
    urllib.request.urlopen(api + "/v1/health").read()
after = totals()
requests = after["Requests"][0] - before.get("Requests", (0, 0, ""))[0]
latencies = after["Latency"][0] - before.get("Latency", (0, 0, ""))[0]
if requests != 3 or latencies != 3 or after["Latency"][2] != "Milliseconds":
    print(f"smoke: /local/metrics moved by {requests} requests, {latencies} latencies: {after}", file=sys.stderr)
    sys.exit(1)
print(f"{route}: +3 Requests, +3 Latency (Milliseconds); {after['Requests'][0]} in all")
PY

step "stop with SIGTERM"
kill -TERM "$pid"
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$pid" 2>/dev/null; then
  echo "smoke: the backend did not stop within 10 s of SIGTERM" >&2
  exit 1
fi
grep -q "Stopped." "$log" || { echo "smoke: no 'Stopped.' line after SIGTERM" >&2; exit 1; }
pid=
echo "smoke: passed"
