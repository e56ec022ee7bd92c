// The Models & prices view in headless Chromium: the catalog, search, sort, workload
// cost, comparison, long-context and service tiers, the reasoning badge, price and tier
// edits that persist, export/import and reset, custom models, and corrupt saved data.
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

/** Opens the Models view and searches for `search`. */
async function openModels(search = '') {
  const opened = await app.open('/#/models');
  await opened.page.locator(byTestId('models-table')).waitFor();
  if (search) await opened.page.fill(byTestId('models-search'), search);
  return opened;
}

const text = (page, testid) => page.locator(byTestId(testid)).innerText();

test('the catalog is listed with its source and date', async () => {
  const { context, page, log } = await openModels();
  const asOf = await text(page, 'catalog-as-of');
  assert.match(asOf, /Prices as of \d{4}-\d{2}-\d{2}, from genai-prices [\d.]+ \(MIT licence\)\. [\d,]+ models\./);
  const total = Number(asOf.match(/([\d,]+) models/)[1].replace(/,/g, ''));
  assert.ok(total > 1000, `${total} models`);
  assert.equal(await page.locator(`${byTestId('models-table')} tbody tr`).count(), 100, 'first page');
  await page.click(byTestId('models-more'));
  assert.equal(await page.locator(`${byTestId('models-table')} tbody tr`).count(), 200);
  app.assertClean(log);
  await context.close();
});

test('search narrows the table and every price is shown per million tokens', async () => {
  const { context, page, log } = await openModels('claude sonnet 4.5');
  const row = page.locator(byTestId('model-row-claude-sonnet-4-5'));
  await row.waitFor();
  assert.equal(await text(page, 'model-input-claude-sonnet-4-5'), '$3.00');
  assert.equal(await text(page, 'model-output-claude-sonnet-4-5'), '$15.00');
  for (const line of await page.locator(`${byTestId('models-table')} tbody tr .model-name`).allInnerTexts()) {
    assert.match(line.toLowerCase(), /claude/);
  }
  await page.fill(byTestId('models-search'), 'no model is called this');
  assert.match(await text(page, 'models-count'), /No model matches/);
  app.assertClean(log);
  await context.close();
});

test('columns sort both ways', async () => {
  const { context, page, log } = await openModels('gpt-4o');
  const inputs = async () =>
    (await page.locator('[data-testid^="model-input-"]').allInnerTexts()).map((price) =>
      Number(price.replace(/[$,]/g, '')),
    );
  await page.click(byTestId('sort-input'));
  const ascending = await inputs();
  assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
  await page.click(byTestId('sort-input'));
  const descending = await inputs();
  assert.deepEqual(descending, [...descending].sort((a, b) => b - a));
  assert.notDeepEqual(ascending, descending);
  assert.equal(await page.locator('th[aria-sort="descending"]').count(), 1);
  app.assertClean(log);
  await context.close();
});

test('the workload column prices the workload, and bad input is explained next to the field', async () => {
  const { context, page, log } = await openModels('gpt-4o');
  await page.fill(byTestId('workload-input-tokens'), '1,000');
  await page.fill(byTestId('workload-output-tokens'), '500');
  await page.fill(byTestId('workload-calls'), '100000');
  // 100,000 × (1,000 × $2.50 + 500 × $10.00) / 1M = $750.00
  assert.equal(await text(page, 'model-workload-gpt-4o'), '$750.00');
  await page.fill(byTestId('workload-calls'), '-3');
  assert.equal(
    await text(page, 'workload-calls-error'),
    'Calls per month must be 0 or more, got "-3"',
  );
  assert.equal(await page.getAttribute(byTestId('workload-calls'), 'aria-invalid'), 'true');
  assert.equal(await text(page, 'model-workload-gpt-4o'), '—');
  await page.fill(byTestId('workload-calls'), '1e999');
  assert.match(await text(page, 'workload-calls-error'), /whole number/);
  app.assertClean(log);
  await context.close();
});

test('up to four models can be compared side by side', async () => {
  const { context, page, log } = await openModels('gpt-4');
  const boxes = page.locator('[data-testid^="model-compare-"]');
  for (let index = 0; index < 4; index++) await boxes.nth(index).check();
  assert.equal(await page.locator(`${byTestId('models-compare')} .compare-card`).count(), 4);
  // The bar chart: one bar per model, with a text alternative that names them.
  const chart = page.locator(byTestId('models-chart'));
  assert.equal(await chart.locator('svg rect[fill="#E05A1F"]').count(), 4);
  assert.match(await chart.locator('[role="img"]').getAttribute('aria-label'), /^Monthly cost of your workload\. .+: \$[\d,.]+; /);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('models-chart-download'))]);
  assert.match(await readFile(await download.path(), 'utf8'), /^<svg[\s\S]*US dollars per month/);
  assert.ok(await boxes.nth(4).isDisabled(), 'a fifth model cannot be ticked');
  await boxes.nth(0).uncheck();
  assert.equal(await page.locator(`${byTestId('models-compare')} .compare-card`).count(), 3);
  assert.ok(!(await boxes.nth(4).isDisabled()));
  app.assertClean(log);
  await context.close();
});

test('long-context tiers, service-tier prices and the reasoning badge are shown in the row and the comparison', async () => {
  const { context, page, log } = await openModels('claude sonnet 4.5');
  await page.locator(byTestId('model-row-claude-sonnet-4-5')).waitFor();
  // genai-prices 0.2.3: Claude Sonnet 4.5 costs $6 / $22.50 per 1M tokens above 200,000
  // input tokens (and $3 / $15 below).
  assert.equal(await text(page, 'model-tiers-claude-sonnet-4-5'), 'above 200,000: $6 / $22.50');
  assert.match(await page.getAttribute(byTestId('model-tiers-claude-sonnet-4-5'), 'title'), /per 1M tokens/);
  const badge = page.locator(byTestId('model-reasoning-claude-sonnet-4-5'));
  assert.equal(await badge.innerText(), 'Reasoning');
  assert.match(await badge.getAttribute('title'), /billed as output tokens/);
  await page.check(byTestId('model-compare-claude-sonnet-4-5'));
  assert.equal(await text(page, 'compare-tiers-claude-sonnet-4-5'), 'above 200,000: $6 / $22.50');
  assert.equal(await page.locator(byTestId('compare-reasoning-claude-sonnet-4-5')).count(), 1);

  await page.fill(byTestId('models-search'), 'gpt-5');
  await page.locator(byTestId('model-row-gpt-5')).waitFor();
  // genai-prices 0.2.3, GPT-5: flex $0.625 / $5, priority $2.50 / $20; no long-context tier.
  assert.equal(await text(page, 'model-service-tiers-gpt-5'), 'flex: $0.625 / $5; priority: $2.50 / $20');
  assert.equal(await text(page, 'model-tiers-gpt-5'), '—');
  await page.fill(byTestId('models-search'), 'gpt-4o');
  await page.locator(byTestId('model-row-gpt-4o')).waitFor();
  assert.equal(await page.locator(byTestId('model-reasoning-gpt-4o')).count(), 0, 'GPT-4o does not reason');
  app.assertClean(log);
  await context.close();
});

test('the price editor edits tiers: validated next to the field, saved, used by pricing, removable', async () => {
  const { context, page, log } = await openModels('claude sonnet 4.5');
  await page.fill(byTestId('workload-input-tokens'), '250,000');
  await page.fill(byTestId('workload-output-tokens'), '1,000');
  await page.fill(byTestId('workload-calls'), '1000');
  // Above the 200,000 tier: 1,000 × (250,000 × $6 + 1,000 × $22.50) / 1M = $1,522.50.
  assert.equal(await text(page, 'model-workload-claude-sonnet-4-5'), '$1,522.50');

  await page.click(byTestId('model-edit-claude-sonnet-4-5'));
  assert.equal(await page.inputValue(byTestId('price-edit-tier-above-1')), '200000');
  assert.equal(await page.inputValue(byTestId('price-edit-tier-input-1')), '6');
  await page.fill(byTestId('price-edit-tier-above-1'), '0');
  await page.fill(byTestId('price-edit-tier-input-1'), '-8');
  await page.click(byTestId('price-edit-save'));
  assert.match(await text(page, 'price-edit-tier-above-1-error'), /Tier 1 threshold must be 1 or more/);
  assert.equal(await text(page, 'price-edit-tier-input-1-error'), 'Tier 1 input price must be 0 or more, got "-8"');
  assert.equal(await page.getAttribute(byTestId('price-edit-tier-input-1'), 'aria-invalid'), 'true');
  // A second tier at the same threshold is refused too.
  await page.fill(byTestId('price-edit-tier-above-1'), '200,000');
  await page.fill(byTestId('price-edit-tier-input-1'), '8');
  await page.click(byTestId('price-edit-tier-add'));
  await page.fill(byTestId('price-edit-tier-above-2'), '200000');
  await page.fill(byTestId('price-edit-tier-output-2'), '30');
  await page.click(byTestId('price-edit-save'));
  assert.equal(await text(page, 'price-edit-tier-above-2-error'), "Tier 2 threshold is the same as tier 1's");
  assert.equal(await text(page, 'price-edit-tier-above-1-error'), '');
  await page.click(byTestId('price-edit-tier-remove-2'));
  await page.click(byTestId('price-edit-save'));
  assert.equal(await page.locator(byTestId('price-editor')).count(), 0, 'saved and closed');
  assert.equal(await text(page, 'model-tiers-claude-sonnet-4-5'), 'above 200,000: $8 / $22.50');
  // 1,000 × (250,000 × $8 + 1,000 × $22.50) / 1M = $2,022.50.
  assert.equal(await text(page, 'model-workload-claude-sonnet-4-5'), '$2,022.50');
  assert.match(await text(page, 'model-row-claude-sonnet-4-5'), /Your price/);

  await page.reload();
  await page.fill(byTestId('models-search'), 'claude sonnet 4.5');
  await page.locator(byTestId('model-row-claude-sonnet-4-5')).waitFor();
  assert.equal(await text(page, 'model-tiers-claude-sonnet-4-5'), 'above 200,000: $8 / $22.50', 'the edit survives a reload');
  assert.equal(await text(page, 'model-workload-claude-sonnet-4-5'), '$2,022.50');
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('burnrate.price-overrides')));
  assert.deepEqual(saved.edits['claude-sonnet-4-5'].tiers.map((tier) => [tier.above, tier.input, tier.output]), [[200000, 8, 22.5]]);

  // Removing the tier prices every length at the base prices:
  // 1,000 × (250,000 × $3 + 1,000 × $15) / 1M = $765.00.
  await page.click(byTestId('model-edit-claude-sonnet-4-5'));
  await page.click(byTestId('price-edit-tier-remove-1'));
  await page.click(byTestId('price-edit-save'));
  assert.equal(await text(page, 'model-tiers-claude-sonnet-4-5'), '—');
  assert.equal(await text(page, 'model-workload-claude-sonnet-4-5'), '$765.00');
  app.assertClean(log);
  await context.close();
});

test('an edited price is used, saved, exported, and reset only after confirmation', async () => {
  const { context, page, log } = await openModels('gpt-4o');
  await page.click(byTestId('model-edit-gpt-4o'));
  await page.fill(byTestId('price-edit-input'), 'abc');
  await page.click(byTestId('price-edit-save'));
  assert.match(await page.locator(`${byTestId('price-editor')} .error`).first().innerText(), /must be a number/);
  await page.fill(byTestId('price-edit-input'), '5');
  // Regression: redrawing the rows (here, because the workload changed) used to reset the
  // editor's fields and lose what was typed.
  await page.fill(byTestId('workload-calls'), '100000');
  assert.equal(await page.inputValue(byTestId('price-edit-input')), '5');
  await page.click(byTestId('price-edit-save'));
  assert.equal(await text(page, 'model-input-gpt-4o'), '$5.00');
  // 100,000 × (1,000 × $5 + 500 × $10) / 1M = $1,000.00
  assert.equal(await text(page, 'model-workload-gpt-4o'), '$1,000.00');
  assert.match(await text(page, 'model-row-gpt-4o'), /Your price/);

  await page.reload();
  await page.fill(byTestId('models-search'), 'gpt-4o');
  assert.equal(await text(page, 'model-input-gpt-4o'), '$5.00', 'the edit survives a reload');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('catalog-export'))]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(exported.format, 'burnrate-price-overrides');
  assert.equal(exported.version, 1);
  assert.equal(exported.edits['gpt-4o'].input, 5);

  await page.click(byTestId('catalog-reset'));
  await page.click(byTestId('catalog-reset-cancel'));
  assert.equal(await text(page, 'model-input-gpt-4o'), '$5.00', 'cancel keeps the edit');
  await page.click(byTestId('catalog-reset'));
  await page.click(byTestId('catalog-reset-confirm'));
  assert.equal(await text(page, 'model-input-gpt-4o'), '$2.50');
  app.assertClean(log);
  await context.close();
});

test('an invalid import is rejected by name and changes nothing; a valid one applies', async () => {
  const { context, page, log } = await openModels('gpt-4o-mini');
  const importFile = (json) =>
    page.setInputFiles(byTestId('catalog-import'), {
      name: 'prices.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(json)),
    });
  await importFile({
    format: 'burnrate-price-overrides',
    version: 1,
    edits: { 'gpt-4o-mini': { input: 1 } },
    custom: [{ id: 'broken', input: -1, output: 1 }],
  });
  await page.locator(`${byTestId('catalog-import-status')} .error`).waitFor();
  assert.match(
    await text(page, 'catalog-import-status'),
    /Nothing was imported: custom model 1 \("broken"\): price "input" must be 0 or more, got -1/,
  );
  assert.equal(await text(page, 'model-input-gpt-4o-mini'), '$0.15', 'nothing changed');

  await importFile({ format: 'burnrate-price-overrides', version: 99 });
  await page.waitForFunction(() => /version 99 is not supported/.test(document.body.innerText));

  await importFile({
    format: 'burnrate-price-overrides',
    version: 1,
    edits: { 'gpt-4o-mini': { input: 1 } },
    custom: [{ id: 'our-llama', name: 'Llama on our GPUs', input: 0.2, output: 0.4 }],
  });
  await page.waitForFunction(() => /Imported 1 edited/.test(document.body.innerText));
  assert.equal(await text(page, 'model-input-gpt-4o-mini'), '$1.00');
  await page.fill(byTestId('models-search'), 'our-llama');
  assert.match(await text(page, 'model-row-our-llama'), /Llama on our GPUs[\s\S]*Your model/);
  app.assertClean(log);
  await context.close();
});

test('a custom model is validated, added, and priced on the workload', async () => {
  const { context, page, log } = await openModels();
  await page.fill(byTestId('custom-model-id'), 'Self Hosted 70B');
  await page.fill(byTestId('custom-model-input'), '-2');
  await page.fill(byTestId('custom-model-output'), '0.6');
  await page.click(byTestId('custom-model-add'));
  assert.match(await page.locator('.custom-model').innerText(), /Input price must be 0 or more, got "-2"/);
  await page.fill(byTestId('custom-model-input'), '0.4');
  await page.click(byTestId('custom-model-add'));
  await page.fill(byTestId('models-search'), 'self hosted');
  const row = page.locator(byTestId('model-row--elf--osted-70-'));
  await row.waitFor();
  // 100,000 × (1,000 × $0.40 + 500 × $0.60) / 1M = $70.00
  assert.equal(await text(page, 'model-workload--elf--osted-70-'), '$70.00');
  app.assertClean(log);
  await context.close();
});

test('corrupt saved prices are set aside with a message, not lost', async () => {
  const { context, page, log } = await openModels();
  await page.evaluate(() => localStorage.setItem('burnrate.price-overrides', '{"format":"burnrate-price-overrides","version":1,"edits":{"gpt-4o":{"input":"lots"}}'));
  await page.reload();
  const notice = page.locator(byTestId('catalog-notice'));
  await notice.waitFor();
  assert.match(await notice.innerText(), /could not be read[\s\S]*set aside, not deleted/);
  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('burnrate.price-overrides.unreadable.'))
      .map((key) => localStorage.getItem(key)),
  );
  assert.equal(kept.length, 1);
  assert.match(kept[0], /"lots"/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(byTestId('catalog-download-unreadable')),
  ]);
  assert.match(await readFile(await download.path(), 'utf8'), /"lots"/);
  await page.fill(byTestId('models-search'), 'gpt-4o');
  assert.equal(await text(page, 'model-input-gpt-4o'), '$2.50', 'shipped prices in use');
  app.assertClean(log);
  await context.close();
});
