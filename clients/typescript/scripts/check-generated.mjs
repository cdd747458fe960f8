// Fails when src/generated/openapi.ts is not what `npm run generate` makes of docs/openapi.yaml now: generates into a
// temporary file with the same command and options (read from package.json's "generate" script) and compares.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const checkedIn = "src/generated/openapi.ts";
const script = JSON.parse(readFileSync("package.json", "utf8")).scripts.generate;
const args = script.split(/\s+/);
const output = args.indexOf("--output");
if (args[0] !== "openapi-typescript" || output < 0 || args[output + 1] !== checkedIn) {
  console.error(`check-generated: the generate script is not "openapi-typescript ... --output ${checkedIn}": ${script}`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "tenantry-client-"));
try {
  const fresh = join(dir, "openapi.ts");
  args[output + 1] = fresh;
  execFileSync("node_modules/.bin/openapi-typescript", args.slice(1), { stdio: ["ignore", "ignore", "inherit"] });
  const want = readFileSync(fresh, "utf8");
  const have = readFileSync(checkedIn, "utf8");
  if (want !== have) {
    const a = have.split("\n");
    const b = want.split("\n");
    const line = a.findIndex((text, i) => text !== b[i]);
    console.error(`check-generated: ${checkedIn} is stale: docs/openapi.yaml has changed since it was generated.`);
    console.error(`  first difference at line ${line + 1}:\n  checked in: ${a[line] ?? "(end)"}\n  generated:  ${b[line] ?? "(end)"}`);
    console.error("  Run `npm run generate` in clients/typescript and commit the result.");
    process.exit(1);
  }
  console.log(`check-generated: ${checkedIn} matches docs/openapi.yaml`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
