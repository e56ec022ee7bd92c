// Shared helpers for the browser tests: a static server for dist/ and a headless Chromium
// that records every request and every console error.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'artifacts');

/** The URL prefix under which the server also serves dist/, to test sub-path hosting. */
export const SUB_PATH = '/some/sub/path/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.bin': 'application/octet-stream',
};

/**
 * Serves dist/ on 127.0.0.1 at `/` and at SUB_PATH, like any static host would: files
 * only, no rewrites. Resolves to { origin, close }. The bench harness adds `extra` folders;
 * `root` serves another copy of the site (the offline test's "new deploy").
 */
export async function serveDist({ extra = {}, root: served = DIST } = {}) {
  const server = createServer(async (request, response) => {
    try {
      let path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      if (path.startsWith(SUB_PATH)) path = '/' + path.slice(SUB_PATH.length);
      if (path.endsWith('/')) path += 'index.html';
      // `extra` maps URL prefixes to other folders (benchmarks serve npm packages this way).
      let root = served;
      for (const [prefix, folder] of Object.entries(extra)) {
        if (path.startsWith(prefix)) {
          root = folder;
          path = '/' + path.slice(prefix.length);
        }
      }
      const file = normalize(join(root, path));
      if (!file.startsWith(root + sep)) throw new Error('outside the served folder');
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** Flags that keep Chromium from reaching for the network on its own. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh browser context that records what the page does.
 * `log.requests`: every URL requested (page, workers, everything the context sees);
 * `log.errors`: console errors, uncaught exceptions, failed requests and HTTP errors;
 * `log.aborted`: requests cancelled by the browser (ERR_ABORTED), such as by a reload.
 */
export async function recordingContext(browser, options = {}) {
  // The service worker answers the page's requests itself, which hides them from
  // page.route(); tests that check offline use ask for it with serviceWorkers: 'allow'.
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  const log = { requests: [], errors: [], aborted: [] };
  context.on('request', (request) => log.requests.push(request.url()));
  context.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText;
    // A reload or navigation cancels the page's downloads in flight (every view starts
    // downloading a token table on mount): the browser reports those as ERR_ABORTED. They
    // are kept apart; a download the app needed and lost shows up in what the page says.
    if (reason === 'net::ERR_ABORTED') log.aborted.push(request.url());
    else log.errors.push(`request failed: ${request.url()} (${reason})`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) log.errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  context.on('page', (page) => watchPage(page, log));
  return { context, log };
}

/**
 * A page in a new recording context that stamps the moment the app's root
 * (`data-testid="app"`) appears: `window.__mountedAt` (ms from navigation start) and the
 * Performance mark `trace:mounted` (which a trace records). For the benchmarks and probes
 * of the page's load.
 */
export async function pageWithMountStamp(browser, options = {}) {
  const { context, log } = await recordingContext(browser, options);
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="app"]')) {
        window.__mountedAt = performance.now();
        performance.mark('trace:mounted');
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return { context, page, log };
}

/**
 * Makes `page` type `text` into the Tokens view's box the moment the box appears
 * (`window.__typedAt`) and stamp the moment `token-count` shows `count`
 * (`window.__countShownAt`), both in ms from navigation start: the first count as a
 * person sees it.
 */
export async function typeOnceTheBoxAppears(page, text, count) {
  await page.addInitScript(([text, count]) => {
    new MutationObserver((_, observer) => {
      const box = document.querySelector('[data-testid="token-input"]');
      if (window.__typedAt === undefined && box) {
        window.__typedAt = performance.now();
        box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }
      if (window.__typedAt !== undefined && document.querySelector('[data-testid="token-count"]')?.textContent === count) {
        window.__countShownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  }, [text, count]);
}

/**
 * Starts a Chromium trace of `page` with `categories` (comma-separated). Returns a function
 * that ends it and resolves to its events.
 */
export async function startTrace(context, page, categories) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Tracing.start', { categories, transferMode: 'ReturnAsStream' });
  return async () => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    const { stream } = await done;
    let json = '';
    for (;;) {
      const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 22 });
      json += base64Encoded ? Buffer.from(data, 'base64').toString() : data;
      if (eof) break;
    }
    await cdp.send('IO.close', { handle: stream }).catch(() => {});
    const parsed = JSON.parse(json);
    return parsed.traceEvents ?? parsed;
  };
}

function watchPage(page, log) {
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => log.errors.push(`uncaught: ${error.message}`));
}

/** The requests in `log` that went anywhere but `origin` (data: and blob: URLs are local). */
export function foreignRequests(log, origin) {
  return log.requests.filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
    return parsed.origin !== origin;
  });
}

export const byTestId = (id) => `[data-testid="${id}"]`;

/**
 * Starts the static server and Chromium for one test file. Returns helpers:
 * `open(path, contextOptions)` opens a fresh recording context at `path` and waits for the
 * app to mount; `assertClean(log)` checks that the page stayed on its own origin and
 * logged no errors; `stop()` closes everything.
 */
export async function startApp() {
  const { default: assert } = await import('node:assert/strict');
  const server = await serveDist();
  const browser = await launchChromium();
  return {
    server,
    browser,
    async open(path, contextOptions = {}) {
      const { context, log } = await recordingContext(browser, contextOptions);
      const page = await context.newPage();
      await page.goto(server.origin + path);
      await page.locator(byTestId('app')).waitFor();
      return { context, page, log };
    },
    assertClean(log) {
      assert.deepEqual(foreignRequests(log, server.origin), [], 'requests to other origins');
      assert.deepEqual(log.errors, [], 'console errors, page errors or failed requests');
      assert.ok(log.requests.some((url) => url.endsWith('.wasm')), 'the wasm was requested');
    },
    async stop() {
      await browser.close();
      await server.close();
    },
  };
}
