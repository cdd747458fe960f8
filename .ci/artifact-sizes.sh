#!/usr/bin/env bash
# Every function's deployment package, sized as Lambda receives it, and held under a limit.
#
#   .ci/artifact-sizes.sh                    every function of the Makefile's table
#   .ci/artifact-sizes.sh GetProjectFunction ...   only those
#
# For each function: `make build-<LogicalId> ARTIFACTS_DIR=<tmp>` (what `sam build` runs), then the
# directory zipped as `sam package` zips it (`zip -r` of the artifact directory, deflated), and one
# line with the zip's size, the unzipped size, the number of jars in lib/ and the biggest jars.
# Fails when a zip is over its limit: MAX_ZIP_MB (default 12), or the function's own ceiling in
# .ci/artifact-ceilings (`<LogicalId> <MB>` lines) for those not yet within 12 MB; a ceiling only
# stops such a function from growing, and is lowered as it shrinks (docs/artifacts.md). Sizes are in
# MB of 1,000,000 bytes.
#
#   MAX_ZIP_MB=12      the limit of every function without a ceiling (decimal MB)
#   CEILINGS=<file>    the ceilings (default .ci/artifact-ceilings; /dev/null: none)
#   SIZES_TSV=<file>   also write the figures as tab-separated values (function, module, zip bytes,
#                      unzipped bytes, jars)
#
# Functions of one module share one build (the Makefile's stamp), so this costs one Maven build per
# module and a copy and a zip per function. Needs bash, make, zip and a JDK 21+ (see the Makefile).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

MAKE=${MAKE:-make}
MAX_ZIP_MB=${MAX_ZIP_MB:-12}
default_bytes=$(awk -v m="$MAX_ZIP_MB" 'BEGIN { printf "%d", m * 1000000 }')
CEILINGS=${CEILINGS:-.ci/artifact-ceilings}
ceilings=""
[ ! -f "$CEILINGS" ] || ceilings=$(grep -v '^[[:space:]]*\(#\|$\)' "$CEILINGS" || true)
# The limit of one function, in bytes: its ceiling, else MAX_ZIP_MB.
limit_of() {
  awk -v id="$1" -v dflt="$MAX_ZIP_MB" '$1 == id { m = $2 } END { printf "%d", (m == "" ? dflt : m) * 1000000 }' <<<"$ceilings"
}
command -v zip >/dev/null || { echo "FAIL: zip is not installed (apt-get install zip)" >&2; exit 1; }

table=$($MAKE --no-print-directory -s functions) || { echo "FAIL: 'make functions' failed" >&2; exit 1; }
if [ "$#" -gt 0 ]; then
  wanted=" $* "
  table=$(awk -v w="$wanted" 'index(w, " " $1 " ") > 0' <<<"$table")
  [ -n "$table" ] || { echo "FAIL: none of '$*' is in the Makefile's function table" >&2; exit 1; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tenantry-sizes.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -z "${SIZES_TSV:-}" ] || printf 'function\tmodule\tzip_bytes\tunzipped_bytes\tjars\n' >"$SIZES_TSV"

mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1000000 }'; }
failures=0
over=0
printf '%-34s %-24s %9s %9s %5s  %s\n' function module "zip MB" "unzip MB" jars "biggest jars (MB)"
while read -r id module; do
  [ -n "$id" ] || continue
  dir="$work/$id"
  if ! log=$($MAKE --no-print-directory "build-$id" ARTIFACTS_DIR="$dir" 2>&1); then
    echo "$log" >&2
    echo "FAIL: make build-$id failed" >&2
    failures=$((failures + 1))
    continue
  fi
  zip_file="$work/$id.zip"
  (cd "$dir" && zip -q -r -X "$zip_file" .)
  zip_bytes=$(wc -c <"$zip_file" | tr -d ' ')
  unzipped_bytes=$(find "$dir" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
  jars=$(find "$dir/lib" -name '*.jar' | wc -l | tr -d ' ')
  biggest=$(find "$dir/lib" -name '*.jar' -printf '%s %f\n' | sort -rn | head -3 \
    | awk '{ sub(/\.jar$/, "", $2); printf "%s%s %.2f", (NR > 1 ? ", " : ""), $2, $1 / 1000000 }')
  printf '%-34s %-24s %9s %9s %5s  %s\n' "$id" "$module" "$(mb "$zip_bytes")" "$(mb "$unzipped_bytes")" "$jars" "$biggest"
  [ -z "${SIZES_TSV:-}" ] || printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$module" "$zip_bytes" "$unzipped_bytes" "$jars" >>"$SIZES_TSV"
  limit=$(limit_of "$id")
  if [ "$zip_bytes" -gt "$limit" ]; then
    echo "FAIL: $id: its zip is $(mb "$zip_bytes") MB, over its limit of $(mb "$limit") MB (docs/artifacts.md: what a function carries, and how a module declares its SDK clients)" >&2
    failures=$((failures + 1))
  elif [ "$zip_bytes" -gt "$default_bytes" ]; then
    over=$((over + 1))
  fi
  rm -rf "$dir" "$zip_file"
done <<<"$table"

if [ "$failures" -ne 0 ]; then
  echo "$failures function(s) failed the size check (limit: $MAX_ZIP_MB MB zipped, or a ceiling of $CEILINGS)" >&2
  exit 1
fi
if [ "$over" -gt 0 ]; then
  echo "Every zip is within its limit; $over over $MAX_ZIP_MB MB under a ceiling of $CEILINGS."
else
  echo "Every zip is within $MAX_ZIP_MB MB."
fi
