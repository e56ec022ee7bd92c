// The app shell in headless Chromium against the release build in dist/:
// mounting, navigation, sub-path hosting, privacy, panics, themes and layout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, SUB_PATH, byTestId, foreignRequests, startApp } from './harness.mjs';

/** Every view: its slug (URL and testids) and its title in the navigation. */
const VIEWS = [
  ['tokens', 'Tokens'],
  ['compress', 'Compress'],
  ['projection', 'Projection'],
  ['conversation', 'Conversation'],
  ['cache-routing', 'Cache & routing'],
  ['usage', 'Usage log'],
  ['models', 'Models & prices'],
];

let app;
let server;

before(async () => {
  app = await startApp();
  server = app.server;
});

after(async () => {
  await app?.stop();
});

const open = (path, contextOptions) => app.open(path, contextOptions);
const assertClean = (log) => app.assertClean(log);

test('the app mounts with its header, navigation, default view and footer', async () => {
  const { context, page, log } = await open('/');
  await page.locator(byTestId('view-tokens')).waitFor();
  assert.match(await page.locator('header').innerText(), /Burnrate/);
  assert.match(await page.locator('header').innerText(), /really costs/);
  assert.equal(await page.locator('nav a').count(), VIEWS.length);
  assert.match(
    await page.locator(byTestId('footer-privacy')).innerText(),
    /never leave this browser/,
  );
  assert.match(
    await page.locator(byTestId('footer-prices')).innerText(),
    /Prices as of \d{4}-\d{2}-\d{2}, from the genai-prices package/,
  );
  assert.equal(await page.getAttribute(byTestId('nav-tokens'), 'aria-current'), 'page');
  assertClean(log);
  await context.close();
});

test('every nav link shows its view, marks itself current and sets the title', async () => {
  const { context, page, log } = await open('/');
  for (const [slug, title] of VIEWS) {
    await page.click(byTestId(`nav-${slug}`));
    await page.locator(byTestId(`view-${slug}`)).waitFor();
    assert.equal(new URL(page.url()).hash, `#/${slug}`);
    assert.equal(await page.locator('[data-testid^="view-"]').count(), 1, 'one view at a time');
    assert.equal(await page.locator(`${byTestId(`view-${slug}`)} h1`).innerText(), title);
    assert.equal(await page.title(), `${title} · Burnrate`);
    const current = await page.locator('nav [aria-current="page"]').getAttribute('data-testid');
    assert.equal(current, `nav-${slug}`);
  }
  await page.goBack();
  // Back goes to the view shown before.
  await page.locator(byTestId(`view-${VIEWS.at(-2)[0]}`)).waitFor();
  assertClean(log);
  await context.close();
});

test('a price list that cannot be downloaded gets a message and a Reload button; the Tokens view still counts', async () => {
  const { recordingContext } = await import('./harness.mjs');
  const { context, log } = await recordingContext(app.browser);
  const page = await context.newPage();
  await page.route('**/prices/catalog.json', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto(server.origin + '/');
  const failed = page.locator(byTestId('app-failed'));
  await failed.waitFor();
  assert.match(await failed.innerText(), /price list could not be downloaded \(HTTP 503\)/);
  assert.ok(await failed.locator('button', { hasText: 'Reload' }).isVisible(), 'a Reload button');
  // The shell does not wait for the price list (it is parsed after the first paint): the
  // Tokens view opens and counts without prices.
  await page.locator(byTestId('app')).waitFor();
  await page.locator(byTestId('token-input')).fill('Hello, world');
  await page.waitForFunction(() => document.querySelector('[data-testid="token-count"]')?.textContent === '3');
  // A view that reads prices as it opens says the price list failed instead.
  await page.goto(server.origin + '/#/projection');
  await failed.waitFor();
  assert.equal(await page.locator(byTestId('view-projection')).count(), 0);
  // The only errors are the refused download itself.
  assert.ok(log.errors.every((error) => /503|catalog\.json|Failed to load resource/.test(error)), log.errors.join('\n'));
  assert.deepEqual(foreignRequests(log, server.origin), []);
  await context.close();
});

test('a link straight to a view opens that view', async () => {
  const { context, page, log } = await open('/#/models');
  await page.locator(byTestId('view-models')).waitFor();
  assertClean(log);
  await context.close();
});

test("each view's code downloads when the view is first opened; a failed download can be retried", async () => {
  const { context, page, log } = await open('/');
  await page.locator(byTestId('view-tokens')).waitFor();
  const chunks = () => log.requests.filter((url) => /\/pkg-[0-9a-f]{16}\/(split|chunk)_\w+\.wasm$/.test(url)).map((url) => url.split('/').pop());
  assert.ok(chunks().includes('split_tokens.wasm'), `the Tokens view's code was downloaded: ${chunks()}`);
  for (const other of ['split_usage.wasm', 'split_projection.wasm', 'split_models.wasm']) {
    assert.ok(!chunks().includes(other), `${other} is not downloaded before its view is opened`);
  }
  const shell = log.requests.find((url) => url.endsWith('/burnrate_bg.wasm'));
  assert.ok(shell, 'the shell wasm was downloaded');

  // The Usage view's code cannot be downloaded: a message and a button, never a panic.
  await page.route('**/split_usage.wasm', (route) => route.abort('internetdisconnected'));
  await page.locator(byTestId('nav-usage')).click();
  const failed = page.locator(byTestId('view-load-failed'));
  await failed.waitFor();
  assert.match(await failed.innerText(), /could not be downloaded/);
  assert.equal(await page.locator(byTestId('panic-banner')).count(), 0);
  // The header and navigation still work.
  await page.locator(byTestId('nav-models')).click();
  await page.locator(byTestId('view-models')).waitFor();
  assert.ok(chunks().includes('split_models.wasm'));

  // Back on Usage with the network restored, "Try again" loads it.
  await page.unroute('**/split_usage.wasm');
  await page.locator(byTestId('nav-usage')).click();
  await page.locator(byTestId('view-usage')).or(failed).first().waitFor();
  if (await failed.count()) await failed.getByRole('button', { name: 'Try again' }).click();
  await page.locator(byTestId('view-usage')).waitFor();
  assert.equal(await failed.count(), 0);
  // The aborted download and the loader's report of it are the only errors.
  assert.deepEqual(
    log.errors.filter((error) => !/split_usage\.wasm|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(error)),
    [],
  );
  await context.close();
});

test('when the merged module of shared chunks cannot be downloaded, the view says so, and "Try again" loads it', async () => {
  const { recordingContext } = await import('./harness.mjs');
  const { context, log } = await recordingContext(app.browser);
  const page = await context.newPage();
  // Every view needs some of the small shared chunks (pack_shared.wasm, see scripts/wasm.mjs).
  await page.route('**/pack_shared.wasm', (route) => route.abort('internetdisconnected'));
  await page.goto(server.origin + '/');
  const failed = page.locator(byTestId('view-load-failed'));
  await failed.waitFor();
  assert.match(await failed.innerText(), /could not be downloaded/);
  assert.equal(await page.locator(byTestId('panic-banner')).count(), 0);
  assert.equal(await page.locator(byTestId('view-tokens')).count(), 0);
  assert.ok(log.requests.some((url) => url.endsWith('/pack_shared.wasm')), 'the merged module was asked for');

  await page.unroute('**/pack_shared.wasm');
  await failed.getByRole('button', { name: 'Try again' }).click();
  await page.locator(byTestId('view-tokens')).waitFor();
  assert.equal(await failed.count(), 0);
  // Its code runs: the view counts, and another view that shares chunks with it opens.
  await page.locator(byTestId('token-input')).fill('Hello, world');
  await page.waitForFunction(() => document.querySelector('[data-testid="token-count"]')?.textContent === '3');
  await page.locator(byTestId('nav-usage')).click();
  await page.locator(byTestId('view-usage')).waitFor();
  assert.equal(await page.locator(byTestId('panic-banner')).count(), 0);
  assert.deepEqual(
    log.errors.filter((error) => !/pack_shared\.wasm|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(error)),
    [],
  );
  await context.close();
});

test("the Tokens view's box takes text while the view's code downloads, and no key typed as the view comes in is lost", async () => {
  const { recordingContext } = await import('./harness.mjs');
  const { context, log } = await recordingContext(app.browser);
  const page = await context.newPage();
  // The view's code is held back until the test lets it through.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/split_tokens.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(server.origin + '/');
  const box = page.locator(byTestId('token-input'));
  await box.waitFor();
  assert.equal(await page.locator(byTestId('view-tokens')).count(), 0, 'the view is not in yet');
  assert.match(await page.locator(byTestId('view-loading')).innerText(), /Loading Tokens…/);
  const early = await box.boundingBox();
  await box.click();
  await page.keyboard.type('Hello, ');
  // Keys keep coming while the view's code arrives and its box replaces this one.
  release();
  const typing = page.keyboard.type('world and more words typed as it loads', { delay: 15 });
  await page.locator(byTestId('view-tokens')).waitFor();
  await typing;
  await page.keyboard.type('!');
  const typed = 'Hello, world and more words typed as it loads!';
  // The view's box is where this one was (the controls above it had their place kept).
  const own = await box.boundingBox();
  assert.ok(Math.abs(own.y - early.y) <= 12, `the box moved from y = ${early.y} to ${own.y}`);
  assert.equal(await box.inputValue(), typed);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'token-input');
  const { encode } = await import('gpt-tokenizer/encoding/o200k_base');
  const expected = String(encode(typed).length);
  await page.waitForFunction((expected) => document.querySelector('[data-testid="token-count"]')?.textContent === expected, expected);
  // The text is the view's own: kept across a change of view.
  await page.locator(byTestId('nav-models')).click();
  await page.locator(byTestId('view-models')).waitFor();
  await page.locator(byTestId('nav-tokens')).click();
  assert.equal(await page.locator(byTestId('token-input')).inputValue(), typed);
  app.assertClean(log);
  await context.close();
});

test('on a phone, the box a person scrolled to and typed in stays put on the screen as the view comes in', async () => {
  const { recordingContext } = await import('./harness.mjs');
  const { context, log } = await recordingContext(app.browser, { viewport: { width: 375, height: 667 } });
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/split_tokens.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(server.origin + '/');
  const box = page.locator(byTestId('token-input'));
  await box.waitFor();
  // Below the fold on a phone: scrolled to, tapped, typed in.
  await page.mouse.move(180, 300);
  await page.mouse.wheel(0, 2000);
  await page.waitForFunction(() => window.scrollY > 0);
  await box.click();
  await page.keyboard.type('typed on a phone');
  const before = { scroll: await page.evaluate(() => window.scrollY), y: (await box.boundingBox()).y };
  release();
  await page.locator(byTestId('view-tokens')).waitFor();
  await page.keyboard.type('!');
  assert.equal(await box.inputValue(), 'typed on a phone!');
  const after = { scroll: await page.evaluate(() => window.scrollY), y: (await box.boundingBox()).y };
  assert.ok(Math.abs(after.y - before.y) <= 12, `the box moved on the screen from y = ${before.y} to ${after.y} (scroll ${before.scroll} → ${after.scroll})`);
  app.assertClean(log);
  await context.close();
});

test('the keyboard alone can move between views', async () => {
  const { context, page, log } = await open('/');
  let focused = '';
  for (let presses = 0; presses < 20 && focused !== 'nav-compress'; presses++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.dataset?.testid ?? '');
  }
  assert.equal(focused, 'nav-compress', 'Tab reaches the Compress link');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('view-compress')).waitFor();
  assertClean(log);
  await context.close();
});

test('a link that names no view says so', async () => {
  const { context, page, log } = await open('/#/no-such-view');
  const notFound = page.locator(byTestId('view-not-found'));
  await notFound.waitFor();
  assert.match(await notFound.innerText(), /no view called "no-such-view"/);
  assert.equal(await page.locator('nav [aria-current="page"]').count(), 0);
  await notFound.locator('a').click();
  await page.locator(byTestId('view-tokens')).waitFor();
  assertClean(log);
  await context.close();
});

test('the same build works under a sub-path of the host', async () => {
  const { context, page, log } = await open(`${SUB_PATH}#/projection`);
  await page.locator(byTestId('view-projection')).waitFor();
  await page.click(byTestId('nav-usage'));
  await page.locator(byTestId('view-usage')).waitFor();
  assert.equal(new URL(page.url()).pathname, SUB_PATH);
  for (const url of log.requests) {
    assert.ok(url.startsWith(server.origin + SUB_PATH), `${url} is under the sub-path`);
  }
  assertClean(log);
  await context.close();
});

test('a panic shows the recovery banner, and its button reloads the page', async () => {
  const { context, page, log } = await open('/#/tokens');
  await page.evaluate(() => {
    location.hash = '#/debug/panic';
  });
  const banner = page.locator(byTestId('panic-banner'));
  await banner.waitFor();
  assert.match(await banner.innerText(), /Something went wrong; reload\. Your inputs are saved\./);
  assert.ok(
    log.errors.some((error) => error.includes('panic drill')),
    'the panic is logged to the console with its message',
  );
  // The reload must not land on the drill again.
  await page.evaluate(() => history.replaceState(null, '', '#/models'));
  await Promise.all([page.waitForEvent('load'), banner.locator('button').click()]);
  await page.locator(byTestId('view-models')).waitFor();
  assert.equal(await page.locator(byTestId('panic-banner')).count(), 0);
  assert.deepEqual(foreignRequests(log, server.origin), []);
  await context.close();
});

test('light and dark themes follow prefers-color-scheme', async () => {
  const background = async (colorScheme) => {
    const { context, page, log } = await open('/', { colorScheme });
    const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assertClean(log);
    await context.close();
    return color;
  };
  assert.equal(await background('light'), 'rgb(247, 246, 243)');
  assert.equal(await background('dark'), 'rgb(18, 17, 25)');
});

test('every view fits 1280 px and 375 px without sideways scrolling; screenshots saved', async () => {
  const folder = join(ARTIFACTS, 'screenshots');
  await mkdir(folder, { recursive: true });
  const layouts = [
    { width: 1280, height: 800, colorScheme: 'light' },
    { width: 375, height: 740, colorScheme: 'light' },
    { width: 375, height: 740, colorScheme: 'dark' },
  ];
  for (const { width, height, colorScheme } of layouts) {
    const { context, page, log } = await open('/', { viewport: { width, height }, colorScheme });
    for (const [slug] of VIEWS) {
      await page.click(byTestId(`nav-${slug}`));
      await page.locator(byTestId(`view-${slug}`)).waitFor();
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `${slug} at ${width} px is ${scrollWidth} px wide`);
      const suffix = colorScheme === 'dark' ? '-dark' : '';
      await page.screenshot({ path: join(folder, `${slug}-${width}${suffix}.png`), fullPage: true });
    }
    assertClean(log);
    await context.close();
  }
});
