#!/usr/bin/env bash
# Lints docs/openapi.yaml with Spectral (.spectral.yaml: spectral:oas) and Redocly CLI (redocly.yaml: recommended),
# both pinned in tools/api-docs/package-lock.json; fails on any error or warning of either. CI runs it (.ci/run).
#
#   tools/api-docs/lint.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/api-docs/install.sh
bin=tools/api-docs/node_modules/.bin
document=docs/openapi.yaml
# Redocly CLI: no usage data sent, no update check.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

echo "Spectral $("$bin/spectral" --version) (.spectral.yaml)"
"$bin/spectral" lint "$document" --ruleset .spectral.yaml --fail-severity=warn

# Redocly fails only on errors; its JSON report counts the warnings too.
echo "Redocly CLI $("$bin/redocly" --version 2>/dev/null | tail -n 1) (redocly.yaml)"
report=$("$bin/redocly" lint "$document" --config redocly.yaml --format=json 2>/dev/null) || true
totals=$(node -e 'const t = JSON.parse(require("fs").readFileSync(0, "utf8")).totals; console.log(`${t.errors} ${t.warnings}`)' <<<"$report") \
  || { echo "redocly lint gave no report" >&2; "$bin/redocly" lint "$document" --config redocly.yaml; exit 1; }
read -r errors warnings <<<"$totals"
if [ "$errors" -ne 0 ] || [ "$warnings" -ne 0 ]; then
  "$bin/redocly" lint "$document" --config redocly.yaml --format=stylish 2>/dev/null || true
  echo "redocly lint: $errors errors, $warnings warnings in $document" >&2
  exit 1
fi
echo "redocly lint: no errors, no warnings in $document"
