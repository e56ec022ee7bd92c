// The Projection view in headless Chromium: the article's example through the form, lever
// savings that add up, charts, the share link reproducing the outputs, saved scenarios,
// validation messages, presets, exports and corrupt saved state.
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

const LEVERS = ['cache', 'context', 'compression', 'routing', 'prompt-cache', 'batch', 'retries'];
const OUTPUTS = ['cost-naive', 'cost-baseline', 'cost-optimized', 'savings-monthly', 'savings-percent', 'payback-months', 'roi-percent'];

const text = (page, testid) => page.locator(byTestId(testid)).innerText();
/** "$1,234.56" or "-$3.00" -> a number; "—" -> NaN. */
const money = (shown) => Number(shown.replace(/[$,]/g, '').replace(/^-\$/, '-'));

async function openProjection(path = '/#/projection', options = {}) {
  const opened = await app.open(path, options);
  await opened.page.locator(byTestId('view-projection')).waitFor();
  return opened;
}

/** Everything the view shows as a figure, by testid. */
async function outputs(page) {
  const shown = {};
  for (const id of [...OUTPUTS, ...LEVERS.map((lever) => `lever-saving-${lever}`)]) shown[id] = await text(page, id);
  return shown;
}

/** The article's example: 10,000 calls of 500 input and 300 output tokens on GPT-4. */
async function fillArticleExample(page) {
  await page.selectOption(byTestId('volume-mode'), 'calls');
  await page.fill(byTestId('calls-per-month'), '10,000');
  for (const id of ['system-tokens', 'history-tokens', 'context-tokens']) await page.fill(byTestId(id), '0');
  await page.fill(byTestId('user-tokens'), '500');
  await page.fill(byTestId('output-tokens'), '300');
  await page.selectOption(byTestId('projection-model'), 'gpt-4');
  for (const lever of LEVERS) await page.setChecked(byTestId(`lever-${lever}`), false);
}

test('the article example gives naive $330 and true $858, and lever savings add up', async () => {
  const { context, page, log } = await openProjection();
  await fillArticleExample(page);
  assert.equal(await text(page, 'cost-naive'), '$330.00');
  assert.equal(await text(page, 'cost-baseline'), '$858.00');
  assert.equal(await text(page, 'cost-optimized'), '$858.00');
  assert.equal(await text(page, 'lever-saving-cache'), '—', 'a lever that is off shows no saving');
  for (const factor of ['context-reload', 'retries', 'dev-testing', 'system-prompt', 'multi-turn']) {
    assert.equal(await text(page, `overhead-${factor}-status`), 'In effect');
  }
  // An explicit system prompt replaces its factor: $330 × 2.3 = $759.
  await page.fill(byTestId('system-tokens'), '200');
  await page.fill(byTestId('user-tokens'), '300');
  assert.equal(await text(page, 'cost-baseline'), '$759.00');
  assert.match(await text(page, 'overhead-system-prompt-status'), /Not in effect/);

  // The response cache alone, at its defaults: 10% + 15% × (1 − 5%) = 24.25% of $759
  // saved, less 10,000 lookups at $0.00002.
  await page.setChecked(byTestId('lever-cache'), true);
  const cacheOnly = money(await text(page, 'lever-saving-cache'));
  assert.ok(Math.abs(cacheOnly - (759 * 0.2425 - 10000 * 0.00002)) < 0.006, `${cacheOnly}`);
  // Every lever on: the per-lever savings add up to baseline − optimized (within a cent
  // per rounded figure).
  for (const lever of LEVERS) await page.setChecked(byTestId(`lever-${lever}`), true);
  const shown = await outputs(page);
  const sum = LEVERS.reduce((total, lever) => total + money(shown[`lever-saving-${lever}`]), 0);
  const total = money(shown['cost-baseline']) - money(shown['cost-optimized']);
  assert.ok(Math.abs(sum - total) <= 0.01 * LEVERS.length, `${sum} vs ${total}`);
  assert.equal(money(shown['savings-monthly']), Math.round(total * 100) / 100);
  app.assertClean(log);
  await context.close();
});

test('the share link reproduces exactly what the sender saw', async () => {
  const { context, page, log } = await openProjection();
  await page.click(byTestId('preset-rag-qa'));
  await page.fill(byTestId('calls-per-month'), '123,456');
  await page.fill(byTestId('growth-rate'), '7.5');
  await page.fill(byTestId('model-mix'), 'gpt-4o-mini:25');
  await page.setChecked(byTestId('lever-batch'), true);
  await page.fill(byTestId('batch-share'), '35');
  const sent = await outputs(page);
  assert.notEqual(sent['cost-optimized'], '—');
  const link = await page.locator(byTestId('share-url')).inputValue();
  assert.match(link, /#\/projection\?v=2&/);
  assert.match(link, /calls-per-month=123,456&/);
  assert.match(link, /model-mix=gpt-4o-mini:25/);
  assert.equal(new URL(link).hash, new URL(page.url()).hash, 'the address bar holds the scenario too');
  // Copy link puts the same address on the clipboard.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click(byTestId('share-link'));
  await page.locator(byTestId('share-status')).getByText('Link copied').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

  const other = await openProjection(link.slice(new URL(link).origin.length));
  assert.deepEqual(await outputs(other.page), sent);
  assert.equal(await other.page.locator(byTestId('calls-per-month')).inputValue(), '123,456');
  // A reload keeps it as well.
  await other.page.reload();
  await other.page.locator(byTestId('view-projection')).waitFor();
  assert.deepEqual(await outputs(other.page), sent);
  app.assertClean(log);
  app.assertClean(other.log);
  await other.context.close();
  await context.close();
});

test('bad input gets a message next to its field and outputs show a dash, never NaN', async () => {
  // On version 1's defaults (volume given as calls), which a v=1 link keeps.
  const { context, page, log } = await openProjection('/#/projection?v=1');
  await page.fill(byTestId('calls-per-month'), '-5');
  assert.equal(await text(page, 'calls-per-month-error'), 'Calls per month must be 0 or more, got "-5"');
  assert.equal(await page.locator(byTestId('calls-per-month')).getAttribute('aria-invalid'), 'true');
  for (const id of OUTPUTS) assert.equal(await text(page, id), '—', id);
  assert.equal(await page.locator(`${byTestId('chart-waterfall')} svg`).count(), 0);
  await page.fill(byTestId('growth-rate'), 'NaN');
  assert.match(await text(page, 'growth-rate-error'), /must be a percentage/);
  await page.fill(byTestId('growth-rate'), '5');
  await page.fill(byTestId('routing-share-expert'), '50');
  assert.match(await text(page, 'routing-shares-error'), /add up to 100%, they add up to 140%/);
  await page.fill(byTestId('routing-share-expert'), '10');
  // Extremes: 10^12 calls, 100% hit rates, 0 tokens.
  await page.fill(byTestId('calls-per-month'), '1000000000000');
  await page.fill(byTestId('cache-exact-rate'), '100');
  await page.fill(byTestId('cache-semantic-rate'), '0');
  for (const id of OUTPUTS.slice(0, 4)) assert.match(await text(page, id), /^\$[\d,]+\.\d\d$/, id);
  await page.fill(byTestId('user-tokens'), '0');
  await page.fill(byTestId('output-tokens'), '0');
  await page.fill(byTestId('calls-per-month'), '0');
  assert.equal(await text(page, 'cost-baseline'), '$0.00');
  assert.equal(await text(page, 'savings-percent'), '—');
  assert.equal(await text(page, 'payback-months'), 'never');
  app.assertClean(log);
  await context.close();
});

test('charts have titles, legends and text alternatives, and download as SVG', async () => {
  const { context, page, log } = await openProjection('/#/projection', { colorScheme: 'dark' });
  for (const id of ['chart-waterfall', 'chart-projection']) {
    const chart = page.locator(byTestId(id));
    await chart.locator('svg').waitFor();
    assert.ok((await chart.getAttribute('aria-label')).length > 40, `${id} has a text alternative`);
    const svg = await chart.innerHTML();
    assert.match(svg, /currentColor/, 'text takes the theme colour');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId(`download-${id}`))]);
    assert.match(await readFile(await download.path(), 'utf8'), /^<svg[\s\S]*US dollars/);
  }
  assert.match(await page.locator(byTestId('chart-waterfall')).innerHTML(), /Monthly cost, lever by lever[\s\S]*Saving/);
  assert.match(await page.locator(byTestId('chart-projection')).innerHTML(), /Cumulative savings/);
  // The charts follow the inputs.
  const before = await page.locator(byTestId('chart-projection')).innerHTML();
  await page.fill(byTestId('horizon-months'), '24');
  assert.notEqual(await page.locator(byTestId('chart-projection')).innerHTML(), before);
  assert.match(await page.locator(byTestId('chart-projection')).getAttribute('aria-label'), /Over 24 months/);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('export-csv'))]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'month,baseline_usd,optimized_usd,savings_usd,cumulative_savings_usd');
  assert.equal(lines.length, 25);
  app.assertClean(log);
  await context.close();
});

test('presets fill the form in one click; the chatbot is the article case study', async () => {
  const { context, page, log } = await openProjection();
  await page.click(byTestId('preset-support-chatbot'));
  assert.equal(await page.locator(byTestId('conversations-per-month')).inputValue(), '5000');
  // 30,000 calls × (1,200 × $30 + 200 × $60) / 1M = $1,440.
  assert.equal(await text(page, 'cost-naive'), '$1,440.00');
  for (const preset of ['rag-qa', 'classification', 'coding-agent']) {
    await page.click(byTestId(`preset-${preset}`));
    assert.ok(money(await text(page, 'savings-monthly')) > 0, preset);
  }
  // "How is this calculated?" shows the formulas with this scenario's numbers.
  await page.click(`${byTestId('formulas')} summary`);
  assert.match(await text(page, 'formulas'), /Naive monthly cost[\s\S]*calls ×/);
  app.assertClean(log);
  await context.close();
});

test('scenarios are saved by name, survive a reload, compare side by side, and import', async () => {
  const { context, page, log } = await openProjection();
  await page.click(byTestId('preset-classification'));
  await page.fill(byTestId('scenario-name'), 'Pipeline');
  await page.click(byTestId('save-scenario'));
  await page.click(byTestId('preset-coding-agent'));
  await page.fill(byTestId('scenario-name'), 'Agent');
  await page.keyboard.press('Enter');
  assert.deepEqual(await page.locator(`${byTestId('saved-scenarios')} .saved-name`).allInnerTexts(), ['Pipeline', 'Agent']);
  const [exported] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('export-json'))]);
  const file = await exported.path();
  assert.equal(JSON.parse(await readFile(file, 'utf8')).name, 'Agent');

  await page.reload();
  await page.locator(byTestId('view-projection')).waitFor();
  assert.deepEqual(await page.locator(`${byTestId('saved-scenarios')} .saved-name`).allInnerTexts(), ['Pipeline', 'Agent']);
  await page.selectOption(byTestId('compare-a'), 'Pipeline');
  await page.selectOption(byTestId('compare-b'), 'Agent');
  const table = await text(page, 'compare-table');
  assert.match(table, /Calls per month\s+2,000,000\s+300,000/);
  await page.locator(byTestId('saved-load')).first().click();
  assert.equal(await page.locator(byTestId('calls-per-month')).inputValue(), '2000000');
  await page.locator(byTestId('import-json')).setInputFiles(file);
  await page.locator(byTestId('share-status')).getByText('Imported "Agent"').waitFor();
  assert.equal(await page.locator(byTestId('conversations-per-month')).inputValue(), '10000');
  await page.locator(byTestId('import-json')).setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}') });
  await page.locator(byTestId('share-status')).getByText('Nothing was imported').waitFor();
  assert.equal(await page.locator(byTestId('conversations-per-month')).inputValue(), '10000', 'unchanged');
  app.assertClean(log);
  await context.close();
});

test('unknown link parameters and corrupt saved scenarios are reported, not fatal', async () => {
  const { context, page, log } = await openProjection('/#/projection?v=1&calls-per-month=777&bogus=1');
  assert.match(await text(page, 'load-problems'), /unknown setting "bogus"/);
  assert.equal(await page.locator(byTestId('calls-per-month')).inputValue(), '777');
  await page.evaluate(() => localStorage.setItem('burnrate.scenarios', '{broken'));
  await page.reload();
  await page.locator(byTestId('view-projection')).waitFor();
  assert.match(await text(page, 'saved-notice'), /could not be read[\s\S]*set aside/);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  const aside = keys.find((key) => key.startsWith('burnrate.scenarios.unreadable.'));
  assert.ok(aside, `set aside: ${keys}`);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), aside), '{broken');
  assert.notEqual(await text(page, 'cost-baseline'), '—', 'the view still works');
  app.assertClean(log);
  await context.close();
});

test('a link with values that are not valid or given twice lists each in load-problems', async () => {
  // Regression: `lever-cache=maybe` and a repeated `calls-per-month` were taken without a note.
  const { context, page, log } = await openProjection('/#/projection?v=1&lever-cache=maybe&calls-per-month=5&calls-per-month=6&user-tokens=lots');
  const problems = await page.locator(`${byTestId('load-problems')} li`).allInnerTexts();
  assert.deepEqual(problems, [
    'The link\'s value for "lever-cache" is not valid (Response cache must be on or off, got "maybe"); it was ignored, and the field keeps "on".',
    'The link gives "calls-per-month" more than once; the first value, "5", was used and "6" was ignored.',
    'The link\'s value for "user-tokens" is not valid: User message tokens must be a whole number, got "lots".',
  ]);
  assert.equal(await page.locator(byTestId('lever-cache')).isChecked(), true, 'the switch keeps its value');
  assert.equal(await page.locator(byTestId('calls-per-month')).inputValue(), '5', 'the first value is used');
  assert.equal(await page.locator(byTestId('user-tokens')).inputValue(), 'lots', 'the number field shows the text');
  assert.match(await text(page, 'user-tokens-error'), /must be a whole number, got "lots"/);
  app.assertClean(log);
  await context.close();
});

test('leaving the view and coming back keeps the scenario', async () => {
  // On version 1's defaults (volume given as calls), which a v=1 link keeps.
  const { context, page, log } = await openProjection('/#/projection?v=1');
  await page.fill(byTestId('calls-per-month'), '4242');
  await page.click('a[href="#/tokens"]');
  await page.locator(byTestId('view-tokens')).waitFor();
  await page.click('a[href="#/projection"]');
  await page.locator(byTestId('view-projection')).waitFor();
  assert.equal(await page.locator(byTestId('calls-per-month')).inputValue(), '4242');
  // Another view sends a result with merge=1: only the fields it names change, whether
  // the Projection is open (hashchange) or opened by the link.
  await page.evaluate(() => { location.hash = '#/projection?merge=1&compression-percent=35'; });
  await page.waitForFunction(() => document.querySelector('[data-testid="compression-percent"]').value === '35');
  assert.equal(await page.locator(byTestId('calls-per-month')).inputValue(), '4242');
  await page.evaluate(() => { location.hash = '#/tokens'; });
  await page.locator(byTestId('view-tokens')).waitFor();
  await page.evaluate(() => { location.hash = '#/projection?merge=1&growth-rate=12'; });
  await page.locator(byTestId('view-projection')).waitFor();
  assert.equal(await page.locator(byTestId('growth-rate')).inputValue(), '12');
  assert.equal(await page.locator(byTestId('compression-percent')).inputValue(), '35');
  assert.equal(await page.locator(byTestId('calls-per-month')).inputValue(), '4242');
  app.assertClean(log);
  await context.close();
});

test('the view fits a phone', async () => {
  const { context, page, log } = await openProjection('/#/projection', { viewport: { width: 375, height: 800 } });
  await page.locator(`${byTestId('chart-waterfall')} svg`).waitFor();
  await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
  app.assertClean(log);
  await context.close();
});

test('a user who knows only the bill gets tokens per call derived, with the derivation shown', async () => {
  // On version 1's defaults (volume given as calls), which a v=1 link keeps.
  const { context, page, log } = await openProjection('/#/projection?v=1');
  await page.fill(byTestId('calls-per-month'), '10000');
  await page.selectOption(byTestId('projection-model'), 'gpt-4');
  await page.selectOption(byTestId('input-mode'), 'bill');
  await page.fill(byTestId('monthly-spend'), '1,200');
  await page.fill(byTestId('io-ratio'), '3');
  for (const id of ['system-tokens', 'history-tokens', 'context-tokens']) await page.fill(byTestId(id), '0');
  for (const lever of LEVERS) await page.setChecked(byTestId(`lever-${lever}`), false);
  // $0.12 a call; an output token with its 3 input tokens costs (3 × $30 + $60) / 1M.
  assert.match(await text(page, 'bill-derivation'), /\$1,200\.00 ÷ 10,000 calls = \$0\.12 a call[\s\S]*800 output \+ 2,400 input tokens/);
  // The bill is the true cost: no hidden-cost factor on top of it.
  assert.equal(await text(page, 'cost-naive'), '$1,200.00');
  assert.equal(await text(page, 'cost-baseline'), '$1,200.00');
  assert.match(await text(page, 'overhead-retries-status'), /Not in effect: counted in your bill/);
  assert.equal(await page.locator(byTestId('user-tokens')).isDisabled(), true);
  app.assertClean(log);
  await context.close();
});
