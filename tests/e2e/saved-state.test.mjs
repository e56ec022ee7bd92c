// Saved state that is damaged or from a future version, in every store the app keeps:
// the app loads, every view works and says what happened, and the raw data is kept under
// a new key and can be downloaded, so nothing the user saved is lost.
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

/** What each store holds: damaged JSON, or a future version of its format. */
const DAMAGED = {
  'burnrate.price-overrides': '{"format": "burnrate-price-overrides", "version": 1, "models": [',
  'burnrate.scenarios': '{"format": "burnrate-scenarios", "version": 7, "scenarios": []}',
  'burnrate.projection.current': 'not json at all',
  'burnrate.compress-rules': '{"format": "burnrate-compress-rules", "version": 2, "custom": []}',
  'burnrate.routing-rules': '{"format": "burnrate-routing-rules", "version": 1, "keywords": {"trivial": 5}}',
  'burnrate.usage-mappings': '[1, 2',
};

test('damaged and future saved data: every view loads, says so, and the raw data can be downloaded', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  await page.evaluate((damaged) => {
    for (const [key, value] of Object.entries(damaged)) localStorage.setItem(key, value);
  }, DAMAGED);
  await page.reload();
  await page.locator(byTestId('view-tokens')).waitFor();
  // The price overrides are read at start: the Models view says what happened.
  await page.evaluate(() => { location.hash = '#/models'; });
  await page.locator(byTestId('catalog-notice')).waitFor();
  for (const view of ['projection', 'compress', 'cache-routing']) {
    await page.evaluate((view) => { location.hash = `#/${view}`; }, view);
    await page.locator(byTestId(`view-${view}`)).waitFor();
    assert.match(await page.locator(byTestId(`view-${view}`)).innerText(), /could not be read/, `${view} says so`);
  }
  // Regression: the usage mappings were read only when a file's columns needed one, so
  // the notice did not list them. They are read when the view opens, like every store.
  await page.evaluate(() => { location.hash = '#/usage'; });
  await page.locator(byTestId('usage-status')).getByText(/mappings could not be read/).waitFor();
  await page.locator(byTestId('set-aside')).getByText(/6 pieces of saved data could not be read/).waitFor();
  await page.setInputFiles(byTestId('usage-file'), { name: 'odd.csv', mimeType: 'text/csv', buffer: Buffer.from('when,engine,a,b\n2026-11-02,gpt-4o,1,2\n') });
  await page.locator(byTestId('usage-mapping')).waitFor();

  // Everything is kept aside, nothing deleted, and the notice offers it all.
  const stored = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)])));
  for (const [key, value] of Object.entries(DAMAGED)) {
    const aside = Object.keys(stored).find((name) => name.startsWith(`${key}.unreadable.`));
    assert.ok(aside, `${key} is set aside: ${Object.keys(stored).join(', ')}`);
    assert.equal(stored[aside], value);
  }
  await page.evaluate(() => { location.hash = '#/tokens'; });
  const notice = page.locator(byTestId('set-aside'));
  await notice.getByText(/6 pieces of saved data could not be read/).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('set-aside-download'))]);
  const kept = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(Object.values(kept).sort(), Object.values(DAMAGED).sort());
  // The views still work.
  await page.fill(byTestId('token-input'), 'still counting');
  await page.locator(byTestId('token-count')).getByText(/^\d+$/).waitFor();
  await page.evaluate(() => { location.hash = '#/projection'; });
  await page.locator(byTestId('cost-baseline')).getByText(/^\$/).waitFor();
  app.assertClean(log);
  await context.close();
});

// Regression: a remembered mapping with a value that is not a field name (here the cost's)
// was read without it and saved over on the next mapping, so it was lost without a word.
test('usage mappings the app cannot read whole are set aside when the Usage view opens, and new ones are still remembered', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  const damaged = JSON.stringify({
    format: 'burnrate-usage-mappings',
    version: 1,
    mappings: [{ fields: ['when', 'engine', 'a', 'b'], columns: { timestamp: 'when', model: 'engine', input_tokens: 'a', output_tokens: 'b', cost: 5 } }],
  });
  await page.evaluate((damaged) => localStorage.setItem('burnrate.usage-mappings', damaged), damaged);
  await page.reload();
  await page.evaluate(() => { location.hash = '#/usage'; });
  await page.locator(byTestId('usage-status')).getByText(/mappings could not be read \(the field of cost is not text\)/).waitFor();
  await page.locator(byTestId('set-aside')).getByText(/1 piece of saved data could not be read/).waitFor();
  // A file with those columns asks again, and the new mapping is remembered beside the kept one.
  await page.setInputFiles(byTestId('usage-file'), { name: 'odd.csv', mimeType: 'text/csv', buffer: Buffer.from('when,engine,a,b\n2026-11-02,gpt-4o,1,2\n') });
  await page.locator(byTestId('usage-mapping')).waitFor();
  for (const [column, field] of [['timestamp', 'when'], ['input_tokens', 'a'], ['output_tokens', 'b']]) {
    await page.selectOption(byTestId(`usage-map-${column}`), field);
  }
  await page.click(byTestId('usage-map-confirm'));
  await page.locator(byTestId('usage-dashboard')).waitFor();
  const stored = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)])));
  const aside = Object.keys(stored).find((key) => key.startsWith('burnrate.usage-mappings.unreadable.'));
  assert.equal(stored[aside], damaged);
  assert.deepEqual(JSON.parse(stored['burnrate.usage-mappings']).mappings[0].fields, ['when', 'engine', 'a', 'b']);
  app.assertClean(log);
  await context.close();
});
