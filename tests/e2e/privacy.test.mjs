// Privacy and security across every view, in headless Chromium against dist/:
// - the Content-Security-Policy is in the page and blocks inline script and other origins;
// - exercising every view (paste, import, export, share, save) sends no request off the
//   page's origin and writes nothing anywhere but localStorage (no cookies, session
//   storage, IndexedDB; Cache Storage holds only the app's own files);
// - markup typed into every free-text field of every view is shown as text, never run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { byTestId, startApp } from './harness.mjs';

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

const VIEWS = ['tokens', 'compress', 'projection', 'conversation', 'cache-routing', 'usage', 'models'];
const PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script><svg onload="window.__xss=3">"\'>';

/** What the page stored anywhere in the browser. */
function storedEverywhere(page) {
  return page.evaluate(async () => {
    const cached = [];
    if ('caches' in window) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) cached.push(request.url);
      }
    }
    return {
      cookie: document.cookie,
      session: sessionStorage.length,
      local: Object.keys(localStorage),
      indexedDb: (await indexedDB.databases()).map((database) => database.name),
      cached,
    };
  });
}

test('the page carries the Content-Security-Policy, and it blocks inline script and other origins', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(policy, /default-src 'self'/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline|https?:|\*/);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script in the page');
  const outcome = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (event) => seen.push(event.violatedDirective));
    document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__ran = true">');
    let fetched = 'no';
    try {
      await fetch('https://example.com/collect');
      fetched = 'yes';
    } catch {
      fetched = 'refused';
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { ran: window.__ran === true, fetched, seen };
  });
  assert.equal(outcome.ran, false, 'an inline event handler does not run');
  assert.equal(outcome.fetched, 'refused', 'a request to another origin is refused');
  assert.ok(outcome.seen.includes('connect-src') && outcome.seen.includes('script-src-attr'), outcome.seen.join());
  // The probes above are the only violations, and the refused request never left.
  assert.ok(log.errors.every((error) => /Content Security Policy|Failed to fetch|example\.com/.test(error)), log.errors.join('\n'));
  assert.deepEqual(log.requests.filter((url) => url.includes('example.com')), []);
  await context.close();
});

test('every view exercised: nothing leaves the origin, nothing is stored but localStorage', async () => {
  const { context, page, log } = await app.open('/#/tokens', { permissions: ['clipboard-read', 'clipboard-write'] });
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  const go = async (view) => {
    await page.evaluate((view) => { location.hash = `#/${view}`; }, view);
    await page.locator(byTestId(`view-${view}`)).waitFor();
  };
  const download = async (testid) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(byTestId(testid))]);
    return readFile(await file.path(), 'utf8');
  };

  // Tokens: paste, chat import, a file.
  await page.fill(byTestId('token-input'), 'Our secret launch plan: ship on Friday.');
  await page.locator(byTestId('token-count')).getByText(/^\d+$/).waitFor();
  await page.setInputFiles(byTestId('file-input'), { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('private notes') });
  await page.locator(byTestId('file-status')).getByText(/Opened "notes\.txt"/).waitFor();
  await page.check(byTestId('chat-mode'));
  await page.locator('.chat-import-box summary').click();
  await page.fill(byTestId('chat-import'), '[{"role":"user","content":"my private question"}]');
  await page.click(byTestId('chat-import-apply'));
  await page.locator(byTestId('chat-total-tokens')).getByText(/^\d+$/).waitFor();

  // Compress: paste and copy.
  await go('compress');
  await page.fill(byTestId('compress-input'), 'Please kindly make sure that you always answer in a very clear way.');
  await page.click(byTestId('compress-copy'));

  // Projection: edit, share, save, export and import.
  await go('projection');
  await page.fill(byTestId('conversations-per-month'), '12345');
  await page.click(byTestId('share-link'));
  await page.fill(byTestId('scenario-name'), 'Private plan');
  await page.click(byTestId('save-scenario'));
  const scenario = await download('export-json');
  await page.setInputFiles(byTestId('import-json'), { name: 'scenario.json', mimeType: 'application/json', buffer: Buffer.from(scenario) });
  await download('export-csv');

  // Conversation: paste messages.
  await go('conversation');
  await page.click(`${byTestId('view-conversation')} details summary`);
  await page.fill(byTestId('conv-import'), '[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]');
  await page.click(byTestId('conv-import-apply'));

  // Cache & routing: samples.
  await go('cache-routing');
  await page.click(byTestId('cache-sample'));
  await page.locator(byTestId('cache-exact-hit-rate')).getByText('30%').waitFor();
  await page.click(byTestId('routing-sample'));

  // Usage: a file, the sample, exports.
  await go('usage');
  await page.setInputFiles(byTestId('usage-file'), {
    name: 'calls.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('timestamp,user_id,feature,model,input_tokens,output_tokens\n2026-11-02T09:00:00Z,ann,chat,gpt-4o,10,5\n'),
  });
  await page.locator(byTestId('usage-requests')).getByText('1').waitFor();
  await download('usage-export-csv');
  await download('usage-export-report');

  // Models: edit a price, export.
  await go('models');
  await page.fill(byTestId('models-search'), 'gpt-4o');
  await download('catalog-export');

  // Back to the start: reload, so that saved state is read again.
  await page.reload();
  await page.locator(byTestId('view-models')).waitFor();

  const stored = await storedEverywhere(page);
  assert.equal(stored.cookie, '', 'no cookies');
  assert.equal(stored.session, 0, 'no session storage');
  assert.deepEqual(stored.indexedDb, [], 'no IndexedDB');
  assert.ok(stored.local.length > 0 && stored.local.every((key) => key.startsWith('burnrate.')), stored.local.join());
  const origin = app.server.origin;
  for (const url of stored.cached) {
    assert.ok(url.startsWith(origin) && !/[?#]/.test(new URL(url).search + new URL(url).hash), `cached: ${url}`);
  }
  assert.deepEqual(dialogs, []);
  app.assertClean(log);
  // Nothing the user typed went out in a URL either.
  assert.deepEqual(log.requests.filter((url) => /secret|private|Private/.test(decodeURIComponent(url))), []);
  await context.close();
});

test('markup typed into every free-text field of every view is shown as text', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  let fields = 0;
  for (const view of VIEWS) {
    await page.evaluate((view) => { location.hash = `#/${view}`; }, view);
    await page.locator(byTestId(`view-${view}`)).waitFor();
    // Fields folded away in <details> too.
    await page.evaluate(() => document.querySelectorAll('#main details').forEach((details) => { details.open = true; }));
    const inputs = page.locator(`${byTestId(`view-${view}`)} :is(textarea, input[type="text"], input:not([type]), input[type="search"])`);
    const count = await inputs.count();
    for (let index = 0; index < count; index++) {
      const input = inputs.nth(index);
      if (!(await input.isVisible()) || !(await input.isEditable())) continue;
      await input.fill(PAYLOAD);
      fields++;
    }
    await page.waitForTimeout(150);
    const injected = await page.evaluate(() => ({
      ran: window.__xss ?? null,
      elements: document.querySelectorAll('#main img[src="x"], #main svg[onload], #main script, #main [onerror]').length,
    }));
    assert.deepEqual(injected, { ran: null, elements: 0 }, `${view}: markup stays text`);
  }
  assert.ok(fields >= 40, `filled ${fields} fields`);
  // Where the text is shown back, it is shown as written.
  await page.evaluate(() => { location.hash = '#/tokens'; });
  await page.fill(byTestId('token-input'), PAYLOAD);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="token-view"] .chip-text')].map((chip) => chip.textContent).join('').includes('onerror'));
  // A usage log whose names are markup: tables, charts and opportunities show the text.
  await page.evaluate(() => { location.hash = '#/usage'; });
  await page.locator(byTestId('view-usage')).waitFor();
  const name = '<img src=x onerror=alert(1)>';
  await page.setInputFiles(byTestId('usage-file'), {
    name: 'markup.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`timestamp,user_id,feature,model,input_tokens,output_tokens,cost\n2026-11-02T09:00:00Z,"${name}","${name}",gpt-4o,9000,100,0.9\n`),
  });
  await page.locator(byTestId('usage-by-feature')).getByText(name).first().waitFor();
  assert.match(await page.locator(`${byTestId('usage-by-feature')} svg`).innerHTML(), /&lt;img src=x onerror=al/);
  assert.equal(await page.locator('#main img[src="x"]').count(), 0);
  assert.deepEqual(dialogs, []);
  app.assertClean(log);
  await context.close();
});
