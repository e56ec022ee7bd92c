// Offline and installable, in headless Chromium: after one visit the app, its tokenizer
// tables and its price data work with the network off; a new deploy is picked up on the
// next load, with an "updated" note; the page links a web app manifest.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byTestId, foreignRequests, launchChromium, recordingContext, serveDist, DIST } from './harness.mjs';

let browser;
let server;
let site;

before(async () => {
  // A copy of dist/, so that the test can deploy a "new version" over it.
  site = await mkdtemp(join(tmpdir(), 'burnrate-site-'));
  await cp(DIST, site, { recursive: true });
  server = await serveDist({ root: site });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (site) await rm(site, { recursive: true, force: true });
});

/** Opens the site with the service worker allowed and waits until it controls the page. */
async function firstVisit() {
  const { context, log } = await recordingContext(browser, { serviceWorkers: 'allow' });
  const page = await context.newPage();
  await page.goto(`${server.origin}/#/tokens`);
  await page.locator(byTestId('app')).waitFor();
  // Installed (every file stored) and in control.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await tableLoaded(page);
  return { context, page, log };
}

/**
 * Waits until the Tokens view has its table and shows a count. A reload before that cancels
 * the table's download, which the log would record as a failed request.
 */
async function tableLoaded(page) {
  await page.waitForFunction(() => /^[\d,]+$/.test(document.querySelector('[data-testid="token-count"]')?.textContent ?? ''));
}

test('the page links a web app manifest that names the app and its icon', async () => {
  const { context, page } = await firstVisit();
  const href = await page.getAttribute('link[rel="manifest"]', 'href');
  const manifest = await page.evaluate(async (href) => (await fetch(href)).json(), href);
  assert.equal(manifest.short_name, 'Burnrate');
  assert.equal(manifest.display, 'standalone');
  const icon = await page.evaluate(async ([href, src]) => (await fetch(new URL(src, new URL(href, location.href)))).status, [href, manifest.icons[0].src]);
  assert.equal(icon, 200);
  const start = await page.evaluate(([href, start]) => new URL(start, new URL(href, location.href)).href, [href, manifest.start_url]);
  assert.equal(start, `${server.origin}/`);
  await context.close();
});

test('after one visit, the app, its token tables and its prices work offline', async () => {
  const { context, page, log } = await firstVisit();
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((name) => name.startsWith('burnrate-')));
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  });
  for (const file of ['/index.html', '/public/prices/catalog.json', '/tokenizers/o200k_base.bin', '/tokenizers/cl100k_base.bin']) {
    assert.ok(cached.includes(file), `${file} is stored: ${cached.join(', ')}`);
  }
  await context.setOffline(true);
  const requestsBefore = log.requests.length;
  await page.reload();
  await page.locator(byTestId('view-tokens')).waitFor();
  // Counting with the default table and with another one.
  await page.fill(byTestId('token-input'), 'hello world');
  await page.locator(byTestId('token-count')).getByText('2').waitFor();
  await page.selectOption(byTestId('encoding-select'), 'cl100k_base');
  await page.locator(byTestId('token-count')).getByText('2').waitFor();
  // Prices: the Models view and a cost.
  await page.evaluate(() => { location.hash = '#/models'; });
  await page.locator(byTestId('model-row-gpt-4o')).waitFor();
  await page.evaluate(() => { location.hash = '#/usage'; });
  await page.click(byTestId('usage-sample'));
  await page.locator(byTestId('usage-dashboard')).waitFor();
  assert.match(await page.locator(byTestId('usage-total-cost')).innerText(), /^\$[\d,]+\.\d\d$/);
  // A link opened offline in a new tab works too.
  const other = await context.newPage();
  await other.goto(`${server.origin}/#/projection`);
  await other.locator(byTestId('cost-baseline')).getByText(/^\$/).waitFor();
  assert.ok(log.requests.length > requestsBefore, 'the page did request its files');
  assert.deepEqual(foreignRequests(log, server.origin), []);
  // Offline, the page logs the failed network attempts its service worker answered; no
  // other error.
  assert.deepEqual(log.errors.filter((error) => !/ERR_INTERNET_DISCONNECTED|request failed/.test(error)), []);
  await context.close();
});

test('a new deploy is used on the next load, with an "updated" note', async () => {
  const { context, page, log } = await firstVisit();
  assert.equal(await page.locator(byTestId('app-updated')).count(), 0, 'no note on a first visit');
  // Reloaded once the counting workers have their files: they start just after the table
  // is ready, and a reload while they download cancels the downloads (failed requests).
  await page.waitForFunction(() => performance.getEntriesByName('burnrate:workers-ready').length > 0);
  await page.reload();
  await page.locator(byTestId('app')).waitFor();
  assert.equal(await page.locator(byTestId('app-updated')).count(), 0, 'no note when nothing changed');
  await tableLoaded(page);
  // The page has settled: its counting workers have loaded their files (a deploy that
  // removes an open page's files makes its workers fail, and the page count on itself).
  await page.waitForFunction(() => performance.getEntriesByName('burnrate:workers-ready').length > 0);

  // Deploy a "new build": the same app under a new wasm directory name, as a rebuild gives.
  const files = await readdir(site);
  const pkg = files.find((file) => /^pkg-[0-9a-f]{16}$/.test(file));
  const renamed = 'pkg-00000000000000ff';
  await rename(join(site, pkg), join(site, renamed));
  const index = await readFile(join(site, 'index.html'), 'utf8');
  await writeFile(join(site, 'index.html'), index.replaceAll(pkg, renamed));

  await page.reload();
  await page.locator(byTestId('app')).waitFor();
  const note = page.locator(byTestId('app-updated'));
  await note.waitFor();
  assert.match(await note.innerText(), /updated since your last visit/);
  assert.ok(log.requests.some((url) => url.includes(`/${renamed}/`)), 'the new build was loaded');
  await note.getByRole('button', { name: 'OK' }).click();
  assert.equal(await note.count(), 0);
  assert.deepEqual(log.errors, []);
  await context.close();
});
