// The client in a real browser against a running local backend: serves browser-test/ and the built client
// (dist/tenantry-client.min.js) from a tiny static server of its own (its own origin), opens the page in headless
// Chromium (Debian's, driven by playwright-core) and checks what the page did: sign-up, projects created, listed with
// cursors over several pages, an update with If-Match and the 412 of a stale one, an image uploaded with its
// presigned URL whose thumbnail renders, and a problem+json error shown. Then the same first call (GET /v1/health)
// from another origin, which the backend does not allow: the browser must refuse it (a fetch TypeError, surfaced by
// the client as a NetworkError), while the allowed origin's same call succeeded.
//
//   npm run build && node browser-test/run.mjs --api http://127.0.0.1:3000 [--origin http://localhost:5173]
//
// --origin must be one of the backend's CORS origins (template.yaml's CorsAllowedOrigins: http://localhost:5173 by
// default; ./tenantry start --parameter-overrides CorsAllowedOrigins=http://localhost:PORT changes it); the page is
// served on its port. The refused origin is the same host on a free port. CHROMIUM names the browser binary
// (default: chromium, then chromium-browser, on PATH). Exit status 0 when every check passed.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const started = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, "..", "dist", "tenantry-client.min.js");
const args = options(process.argv.slice(2));
const api = (args.api ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
const origin = new URL(args.origin ?? "http://localhost:5173");
const timeout = Number(args.timeout ?? 120) * 1000;

if (!existsSync(bundle)) fail(`no ${bundle}: run npm run build first`);
const executablePath = process.env.CHROMIUM ?? ["chromium", "chromium-browser"].map(which).find(Boolean);
if (!executablePath) fail("no chromium on PATH (Debian package chromium); set CHROMIUM");

// The backend must allow the page's origin, or every check below fails for a reason that is not the client's.
const preflight = await fetch(`${api}/v1/projects`, {
  method: "OPTIONS",
  headers: { origin: origin.origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type,idempotency-key" },
}).catch((e) => fail(`no backend at ${api}: ${e.cause?.message ?? e.message}`));
if (preflight.headers.get("access-control-allow-origin") !== origin.origin) {
  fail(`${api} does not allow the origin ${origin.origin} (its preflight answered ${preflight.status} without it); start it with`
    + ` --parameter-overrides CorsAllowedOrigins=${origin.origin}, or pass --origin with one of its CorsAllowedOrigins`);
}

const checks = [];
const check = (ok, what, detail) => checks.push({ ok: Boolean(ok), what, detail });

const allowedServer = await serve(Number(origin.port || 80));
const refusedServer = await serve(0);
const refusedOrigin = `${origin.protocol}//${origin.hostname}:${refusedServer.address().port}`;
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", `--host-resolver-rules=MAP ${origin.hostname} 127.0.0.1`],
});
try {
  // --- the allowed origin: the whole walk ------------------------------------------------------------------------
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  // Chromium logs every error status as a console error; the walk's 412 and 400 are expected, nothing else is.
  const expectedErrors = /^Failed to load resource: the server responded with a status of (400|412) /;
  page.on("console", (m) => { if (m.type() === "error" && !expectedErrors.test(m.text())) pageErrors.push(m.text()); });
  const walkStarted = performance.now();
  await page.goto(`${origin.origin}/index.html?api=${encodeURIComponent(api)}`);
  await page.click("#run");
  await page.waitForFunction(() => ["done", "failed"].includes(document.querySelector("#status").textContent), null, { timeout });
  const walkMs = Math.round(performance.now() - walkStarted);
  const result = async (id) => {
    const section = page.locator(`#${id}`);
    return { state: await section.getAttribute("data-state"), ...JSON.parse((await section.getAttribute("data-result")) ?? "{}") };
  };

  const health = await result("health");
  check(health.state === "ok" && health.status === "ok", `${origin.origin}: GET /v1/health through the client answered ok`, health);

  const signup = await result("signup");
  check(signup.state === "ok" && /^ten_/.test(signup.tenantId) && signup.roles?.includes(`${signup.tenantId}:owner`),
    "sign-up: a token from the local identity provider, a tenant created, the caller its owner", signup);

  const create = await result("create");
  check(create.state === "ok" && create.names?.length === 6, "six projects created", create);
  check(create.replayedSameId === true && create.replayedHeader === "true",
    "the same Idempotency-Key and body replayed the first answer (same id, Idempotent-Replayed: true)", create);

  const list = await result("list");
  const expected = [["Project 6", "Project 5"], ["Project 4", "Project 3"], ["Project 2", "Project 1"], []];
  const listed = JSON.stringify(list.pages ?? []);
  check(list.state === "ok" && (listed === JSON.stringify(expected) || listed === JSON.stringify(expected.slice(0, 3))),
    "listed newest first, 2 a page, over 3 pages by their cursors", list);

  const update = await result("update");
  check(update.state === "ok" && update.etag === `"${update.before}"` && update.updated === update.before + 1,
    "PATCH with If-Match of the fetched ETag answered the next version", update);
  check(update.stale?.status === 412 && update.stale?.slug === "precondition-failed" && update.name === "Project 6, renamed",
    "PATCH with the stale version answered 412 precondition-failed and changed nothing", update);

  const upload = await result("upload");
  check(upload.state === "ok" && upload.status === "ready", "the image went up with its presigned URL and became ready", upload);
  const thumb = await page.locator("#thumb").evaluate((img) => ({
    complete: img.complete, width: img.naturalWidth, height: img.naturalHeight, src: img.currentSrc,
  }));
  check(thumb.complete && thumb.width > 0 && thumb.width <= 128 && thumb.height <= 128
    && thumb.width === upload.thumb?.width && thumb.height === upload.thumb?.height,
    "its thumbnail renders in an <img> at the variant's size (at most 128 px)", thumb);

  const problem = await result("problem");
  const shown = await page.locator("#problem .problem").textContent();
  check(problem.state === "ok" && problem.status === 400 && problem.problemJson === true
    && problem.type === "https://tenantry.io/problems/validation-failed" && problem.errors?.some((e) => e.field === "name")
    && problem.contentType?.startsWith("application/problem+json") && shown.includes(problem.title) && shown.includes("name:"),
    "a blank name answered problem+json, decoded to a ProblemError (type, title, status, detail, field errors) and shown", problem);
  check(pageErrors.length === 0, "no page error or console error on the allowed origin", pageErrors);
  if (args.screenshot) await page.screenshot({ path: args.screenshot, fullPage: true });

  // --- another origin: the same first call, refused by the browser -----------------------------------------------
  const other = await browser.newPage();
  const console2 = [];
  other.on("console", (m) => console2.push(m.text()));
  await other.goto(`${refusedOrigin}/index.html?api=${encodeURIComponent(api)}&only=health`);
  await other.click("#run");
  await other.waitForFunction(() => ["done", "failed"].includes(document.querySelector("#status").textContent), null, { timeout });
  const refused = { state: await other.locator("#health").getAttribute("data-state"),
    ...JSON.parse((await other.locator("#health").getAttribute("data-result")) ?? "{}") };
  check(refused.state === "failed" && refused.error?.kind === "network" && refused.error?.causeName === "TypeError",
    `${refusedOrigin}: the same GET /v1/health was refused by the browser (NetworkError from a fetch TypeError)`, refused);
  check(console2.some((text) => text.includes("blocked by CORS policy")),
    "Chromium names the CORS policy as the reason", console2.filter((t) => t.includes("CORS")));

  console.log(`the walk on ${origin.origin}: ${walkMs} ms (the upload waited ${upload.waitedMs ?? "?"} ms for ready)`);
} catch (e) {
  check(false, "the suite ran to its end", String(e?.stack ?? e));
} finally {
  await browser.close();
  allowedServer.close();
  refusedServer.close();
}

for (const c of checks) {
  console.log(`${c.ok ? "ok  " : "FAIL"} ${c.what}${c.ok ? "" : `\n     ${JSON.stringify(c.detail)}`}`);
}
const failed = checks.filter((c) => !c.ok).length;
console.log(`browser suite: ${checks.length - failed} passed, ${failed} failed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed === 0 ? 0 : 1);

/** A static server of browser-test/ and the built client, on 127.0.0.1:port (0: a free one). */
function serve(port) {
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".map": "application/json" };
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    const file = path === "/tenantry-client.min.js" ? bundle
      : ["/index.html", "/app.js"].includes(path) ? join(here, path.slice(1)) : null;
    if (file === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[extname(file)], "cache-control": "no-store" });
    response.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", (e) => reject(e.code === "EADDRINUSE"
      ? new Error(`port ${port} is in use: the page needs it for its origin (pass --origin with another allowed origin)`)
      : e));
    server.listen(port, "127.0.0.1", () => resolve(server));
  }).catch((e) => fail(e.message));
}

function options(list) {
  const result = {};
  for (let i = 0; i < list.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(list[i]);
    if (!match) fail(`unknown argument ${list[i]}`);
    result[match[1]] = match[2] ?? list[++i];
  }
  return result;
}

function which(name) {
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function fail(message) {
  console.error(`browser suite: ${message}`);
  process.exit(2);
}
