#!/usr/bin/env bash
# Runs, in order and in one shell, every README code block marked with the comment
# `<!-- ci: against the local backend -->` on the line before its fence, against a running local
# backend (see .ci/smoke.sh), so the README's curl walk-through cannot drift from the code.
# Each block must succeed (bash -e); a block's last command's output is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

script=$(mktemp)
trap 'rm -f "$script" thumb.jpg photo.jpg' EXIT
{
  echo 'set -euo pipefail'
  awk '
    /<!-- ci: against the local backend -->/ { armed = 1; next }
    armed && /^```bash/ { inside = 1; armed = 0; next }
    inside && /^```/ { inside = 0; print "echo"; next }
    inside { print }
  ' README.md
  # What the walk-through must have produced.
  cat <<'CHECKS'
echo "--- checks"
[[ "$TENANT" == ten_* ]] || { echo "no tenant id: $TENANT"; exit 1; }
[[ "$ID" == med_* ]] || { echo "no media id: $ID"; exit 1; }
[ "$(python3 -c 'import base64, json, sys; p = sys.argv[1].split(".")[1]; p += "=" * (-len(p) % 4); print(json.loads(base64.urlsafe_b64decode(p)).get("tenant_id", ""))' "$GRACE")" = "$TENANT" ] \
  || { echo "Grace's token does not name the tenant she was invited to"; exit 1; }
python3 -c 'import sys; d = open("thumb.jpg", "rb").read(); sys.exit(0 if d[:2] == b"\xff\xd8" or d[:4] == b"\x89PNG" else 1)' \
  || { echo "the thumbnail is not an image"; exit 1; }
[ "$(head -c 4 invoice.pdf)" = "%PDF" ] || { echo "invoice.pdf is not a PDF"; exit 1; }
[ "$(command curl -s -o /dev/null -w '%{http_code}' $API/v1/me -H "authorization: Bearer $ME")" = 200 ] \
  || { echo "GET /v1/me did not recover once the faults were cleared"; exit 1; }
[ "$(command curl -s $API/local/faults | jq '.faults | length')" = 0 ] || { echo "faults left in force"; exit 1; }
status=$(command curl -s -o /dev/null -w '%{http_code}' $API/v1/tenant -H "authorization: Bearer $TOKEN")
[ "$status" = 404 ] || { echo "GET /v1/tenant after DELETE answered $status"; exit 1; }
head -1 cost-per-tenant.csv | grep -q '^tenant_id,tenant_name,plan,period_start,period_end,requests,' \
  || { echo "cost-per-tenant.csv has no header"; exit 1; }
grep -q "^$TENANT," cost-per-tenant.csv || { echo "the deleted walk-through tenant is not in today's export"; exit 1; }
[ "$(jq -r '.body | fromjson | .type' webhook.json)" = project.created ] \
  || { echo "the webhook receiver did not get project.created"; exit 1; }
CHECKS
} >"$script"
blocks=$(grep -c '<!-- ci: against the local backend -->' README.md || true)
[ "$blocks" -gt 0 ] || { echo "readme-calls: no marked blocks in README.md" >&2; exit 1; }
echo "readme-calls: running $blocks README block(s)"
# A real image for the media walk-through.
python3 - <<'PY'
import struct, zlib
w, h = 640, 480
raw = b"".join(b"\x00" + bytes(c for x in range(w) for c in ((x * 255) // w, (y * 255) // h, 128)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open("photo.png", "wb").write(png)
PY
trap 'rm -f "$script" thumb.jpg photo.png invoice.pdf cost-per-tenant.csv webhook.json webhook.tmp' EXIT
timeout 300 bash "$script"
echo "readme-calls: ok"
