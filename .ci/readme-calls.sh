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
  # curl -f: an HTTP error fails the block.
  echo 'curl() { command curl -fsS "$@"; }'
  awk '
    /<!-- ci: against the local backend -->/ { armed = 1; next }
    armed && /^```bash/ { inside = 1; armed = 0; next }
    inside && /^```/ { inside = 0; print "echo"; next }
    inside { print }
  ' README.md
} >"$script"
blocks=$(grep -c '<!-- ci: against the local backend -->' README.md || true)
[ "$blocks" -gt 0 ] || { echo "readme-calls: no marked blocks in README.md" >&2; exit 1; }
echo "readme-calls: running $blocks README block(s)"
# A real image for the media walk-through.
python3 - <<'PY'
import struct, zlib
w, h = 640, 480
raw = b"".join(b"\x00" + bytes(((x * 255) // w, (y * 255) // h, 128) for x in range(w)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open("photo.png", "wb").write(png)
PY
trap 'rm -f "$script" thumb.jpg photo.png' EXIT
timeout 300 bash "$script"
echo "readme-calls: ok"
