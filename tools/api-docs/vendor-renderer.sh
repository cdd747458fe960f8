#!/usr/bin/env bash
# Vendors the API reference page's renderer: Scalar's API reference, the standalone browser bundle of the npm package
# @scalar/api-reference, copied to local/backend/src/main/resources/docs/scalar-api-reference.js unchanged, and its
# version, npm integrity and SHA-256 written to NOTICE.md beside it (ApiReferenceTest checks the file against them).
#
#   tools/api-docs/vendor-renderer.sh 1.76.4
#
# Then open http://127.0.0.1:3000/docs of a running ./tenantry start, and run
# node tools/api-docs/browser-check.mjs http://127.0.0.1:3000/docs --try-it
set -euo pipefail
cd "$(dirname "$0")/../.."

version=${1:?usage: tools/api-docs/vendor-renderer.sh VERSION}
package=@scalar/api-reference
dest=local/backend/src/main/resources/docs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package@$version" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/dist/browser/standalone.js package/package.json
license=$(node -p "require('$work/package/package.json').license")
[ "$license" = MIT ] || { echo "vendor-renderer: $package $version is licensed $license, not MIT: review before vendoring" >&2; exit 1; }
cp "$work/package/dist/browser/standalone.js" "$dest/scalar-api-reference.js"
integrity=$(npm view "$package@$version" dist.integrity)
sha256=$(sha256sum "$dest/scalar-api-reference.js" | cut -d' ' -f1)
bytes=$(wc -c < "$dest/scalar-api-reference.js")

cat > "$dest/NOTICE.md" <<NOTICE
# Vendored: the API reference page's renderer

\`scalar-api-reference.js\` is \`dist/browser/standalone.js\` of the npm package \`$package\`, unchanged
(written by \`tools/api-docs/vendor-renderer.sh $version\`; \`ApiReferenceTest\` checks the file against the lines below).

- package: $package
- version: $version
- npm integrity: $integrity
- sha256: $sha256
- bytes: $bytes
- licence: MIT (below). The bundle also holds the package's dependencies (Vue, Tailwind CSS, CodeMirror and others),
  each under its own permissive licence, as the package's dependency tree lists them.

Why Scalar, and how the page uses it: docs/local-backend.md, "The API reference page".

## Licence

MIT License

Copyright (c) 2023-present Scalar

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
NOTICE
echo "vendor-renderer: $package $version -> $dest/scalar-api-reference.js ($bytes bytes, sha256 $sha256)"
