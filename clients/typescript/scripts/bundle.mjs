// Bundles the client (src/index.ts with openapi-fetch) into one minified ES module for browsers,
// dist/tenantry-client.min.js, and prints its size raw and gzip-compressed (the numbers README.md reports).
// `npm run build` runs it after tsc has written dist/ (the module and its type declarations).
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const outfile = "dist/tenantry-client.min.js";
await build({
  entryPoints: ["src/index.ts"],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: true,
  legalComments: "eof",
  outfile,
  logLevel: "warning",
});
const bytes = readFileSync(outfile);
const gzip = gzipSync(bytes, { level: 9 }).length;
console.log(`${outfile}: ${bytes.length} bytes, ${gzip} bytes gzip (level 9)`);
