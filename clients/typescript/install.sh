#!/usr/bin/env bash
# Installs the client's pinned npm packages (openapi-fetch; openapi-typescript, TypeScript, esbuild and playwright-core
# to build and test it) exactly as package-lock.json records them, with npm ci; does nothing when node_modules already
# matches the lockfile. .ci/install-tools.sh and .ci/smoke.sh run it; check.sh runs npm ci itself, as a fresh clone would.
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "clients/typescript: Node.js and npm are needed (.ci/install-tools.sh installs them)" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "clients/typescript: Node.js 20 or newer is needed, found $(node --version)" >&2; exit 1; }

stamp=node_modules/.tenantry-installed-lock
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
