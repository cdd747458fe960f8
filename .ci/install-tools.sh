#!/usr/bin/env bash
# Makes sure the tools CI uses are present; installs what a fresh machine lacks.
set -euo pipefail

missing_py=()
for module in cfnlint moto requests boto3 pytest openapi_spec_validator; do
  python3 -c "import $module" 2>/dev/null || missing_py+=("$module")
done
if [ ${#missing_py[@]} -gt 0 ]; then
  echo "Python modules missing: ${missing_py[*]}; installing"
  pip_names=()
  for m in "${missing_py[@]}"; do
    case "$m" in
      cfnlint) pip_names+=("cfn-lint") ;;
      moto) pip_names+=("moto[server]") ;;
      openapi_spec_validator) pip_names+=("openapi-spec-validator") ;;
      *) pip_names+=("$m") ;;
    esac
  done
  python3 -m pip install --quiet "${pip_names[@]}"
fi
command -v cfn-lint >/dev/null || { echo "cfn-lint is not on PATH" >&2; exit 1; }
command -v moto_server >/dev/null || { echo "moto_server is not on PATH" >&2; exit 1; }
missing_deb=()
for tool in make jq curl; do
  command -v "$tool" >/dev/null || missing_deb+=("$tool")
done
# Headless Chromium renders the cost export's report.html in .ci/cost-export-check.py, the API reference page and the
# TypeScript client's browser suite (Debian's package `chromium`).
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing_deb+=(chromium)
# Node.js and npm run the OpenAPI linters and the API reference page's browser check (tools/api-docs), and build and
# test the TypeScript client (clients/typescript).
command -v node >/dev/null || missing_deb+=(nodejs)
command -v npm >/dev/null || missing_deb+=(npm)
if [ ${#missing_deb[@]} -gt 0 ]; then
  echo "Debian packages missing: ${missing_deb[*]}; installing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_deb[@]}"
fi
# The npm packages, pinned by tools/api-docs/package-lock.json and clients/typescript/package-lock.json (npm ci;
# nothing when already installed).
"$(dirname "$0")/../tools/api-docs/install.sh"
"$(dirname "$0")/../clients/typescript/install.sh"
echo "cfn-lint $(cfn-lint --version 2>&1 | awk '{print $2}'), moto $(python3 -c 'import moto; print(moto.__version__)'), boto3 $(python3 -c 'import boto3; print(boto3.__version__)'), $(make --version | head -1), $( (chromium --version || chromium-browser --version) 2>/dev/null | head -1), node $(node --version)"
