#!/usr/bin/env bash
# Runs the AWS-facing test suites a second time against moto_server, an AWS emulator independent
# of the embedded ones: what passes on one and fails on the other is a bug or a quirk worth writing
# down (docs/emulators.md). Each module gets a freshly reset moto, as each gets fresh embedded
# emulators in its own test JVM (the sample events of several modules share one tenant id).
# moto listens on loopback only and is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=${MOTO_MODULES:-local/emulators local/testkit functions/identity functions/tenants functions/projects functions/users}
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
# The pseudo account of the local ARNs (Intrinsics.ACCOUNT_ID), as LocalStack's default: moto keeps resources per
# account and routes a call by its credentials' account, so sessions of the tenant roles
# (arn:aws:iam::000000000000:role/...) reach the tables only when they live in that account too.
# DynamoDB transactions kept apart from the other DynamoDB calls (.ci/moto-server.py says why).
MOTO_ACCOUNT_ID=000000000000 python3 .ci/moto-server.py 127.0.0.1 "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true; wait $moto_pid 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/"; then break; fi
  sleep 0.2
done
curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/" || { echo "moto_server did not start:"; cat "$log"; exit 1; }
echo "moto_server on 127.0.0.1:$port"

./mvnw -B -ntp -q install -DskipTests -Dspotless.check.skip=true -Denforcer.skip=true -Dspotbugs.skip=true
for module in $modules; do
  echo "--- $module against moto"
  curl -s -X POST "http://127.0.0.1:$port/moto-api/reset" >/dev/null
  # verify: the emulator-backed tests are *IT, run by failsafe (the unit tests run too; they call no AWS).
  ./mvnw -B -ntp verify -pl "$module" \
    -Dtenantry.aws="endpoint=http://127.0.0.1:$port" \
    -Dspotless.check.skip=true -Denforcer.skip=true -Dspotbugs.skip=true
done
