#!/usr/bin/env bash
# Installs this folder's pinned npm packages (the OpenAPI linters and playwright-core) exactly as package-lock.json
# records them, with npm ci; does nothing when node_modules already matches the lockfile.
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "tools/api-docs: Node.js and npm are needed (.ci/install-tools.sh installs them)" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "tools/api-docs: Node.js 20 or newer is needed, found $(node --version)" >&2; exit 1; }

stamp=node_modules/.tenantry-installed-lock
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
