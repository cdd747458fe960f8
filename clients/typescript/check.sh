#!/usr/bin/env bash
# The client's checks, as CI runs them (.ci/run): a clean install from the lockfile (npm ci, as on a fresh clone), the
# generated types compared with what docs/openapi.yaml gives now (fails when stale), tsc over the sources and the
# type-level checks, the build (dist/ and the browser bundle, whose size it prints), and the helpers' unit tests.
# The browser suite needs a running backend: .ci/smoke.sh runs it (browser-test/run.mjs).
#
#   clients/typescript/check.sh
set -euo pipefail
cd "$(dirname "$0")"

command -v npm >/dev/null || { echo "clients/typescript: npm is needed (.ci/install-tools.sh installs it)" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json node_modules/.tenantry-installed-lock
npm run -s check-generated
npm run -s typecheck
echo "tsc: no errors (src/, test/types.ts)"
npm run -s build
npm test
