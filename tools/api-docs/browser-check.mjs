// Opens the API reference page in headless Chromium (Debian's, driven by playwright-core) and checks that it renders
// the document: the API's title shows, every operation of the document is listed, and no request leaves the page's
// origin (no CDN, no fonts, no telemetry) or fails, and the console shows no error. With --try-it, also sends
// GET /v1/health through the page's "Test Request" client and waits for its 200.
//
//   node tools/api-docs/browser-check.mjs http://127.0.0.1:3000/docs [--try-it]
//   node tools/api-docs/browser-check.mjs file:///path/to/reference.html
//
// CHROMIUM names the browser binary (default: chromium, then chromium-browser, on PATH).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';

const url = process.argv[2];
const tryIt = process.argv.includes('--try-it');
if (!url) {
  console.error('usage: browser-check.mjs <page url> [--try-it]');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM ?? ['chromium', 'chromium-browser'].map(which).find(Boolean);
if (!executablePath) {
  console.error('browser-check: no chromium on PATH (Debian package chromium); set CHROMIUM');
  process.exit(2);
}

function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const problems = [];
const origin = new URL(url).origin;
const own = (u) => u.startsWith('data:') || u.startsWith('blob:') || (origin !== 'null' && u.startsWith(origin + '/'))
  || (origin === 'null' && u === url);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  page.on('request', (r) => { if (!own(r.url())) problems.push(`request off the page's origin: ${r.method()} ${r.url()}`); });
  page.on('requestfailed', (r) => { if (own(r.url())) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Tenantry HTTP API', level: 1 }).waitFor({ timeout: 60_000 });
  for (const tag of ['identity', 'tenants', 'users', 'projects', 'media', 'billing']) {
    if ((await page.getByRole('button', { name: new RegExp(`Group - ${tag}$`) }).count()) < 1) {
      problems.push(`the sidebar lacks the tag ${tag}`);
    }
  }
  await page.getByText('Liveness').first().click();
  if (tryIt) {
    await page.getByRole('button', { name: /Test Request.*get \/v1\/health/s }).first().click();
    await page.getByRole('button', { name: /^Send get request/ }).first().click();
    await page.getByText('"status": "ok"').first().waitFor({ timeout: 30_000 });
  }
  await page.waitForTimeout(1000);
} catch (e) {
  problems.push(String(e));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(`browser-check: ${url}\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`browser-check: ${url} rendered, nothing requested off its origin${tryIt ? ', Test Request answered 200' : ''}`);
