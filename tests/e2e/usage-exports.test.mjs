// The Usage view with what people's usage files carry (#19): stated costs against list
// prices, models the price list does not know, and the known export formats read as they
// come (Read as, no mapping step), each fixture of tests/fixtures/usage/providers and
// gateways. Helpers as in usage.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { byTestId, startApp } from './harness.mjs';

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

const text = (page, testid) => page.locator(byTestId(testid)).innerText();

async function openView() {
  const opened = await app.open('/#/usage');
  await opened.page.locator(byTestId('view-usage')).waitFor();
  return opened;
}

function upload(page, name, contents) {
  return page.setInputFiles(byTestId('usage-file'), {
    name,
    mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/json',
    buffer: Buffer.from(contents),
  });
}

// Stated costs by hand. gpt-4o-mini lists $0.15 / $0.60 per M: 10M in + 10M out = $1.50 +
// $6.00 = $7.50 at list, stated $6.00: −$1.50, −20%. gpt-4o lists $2.50 / $10 per M: 1M in +
// 0.25M out = $2.50 + $2.50 = $5.00 at list, stated $4.00: −$1.00, −20%. Total: stated
// $10.00 against $12.50, −$2.50, −20%. in-house-llm is not in the price list: its stated
// $0.25 has no list price, and its unstated call (1,000 + 500 tokens) is left unpriced.
const STATED_LOG = [
  'timestamp,user_id,feature,model,input_tokens,output_tokens,cost,latency_ms,cached,error',
  '2026-11-02T09:00:00Z,ann,chat,gpt-4o-mini,10000000,10000000,6.00,850,false,',
  '2026-11-02T09:05:00Z,bob,chat,gpt-4o,1000000,250000,4.00,420,false,',
  '2026-11-02T10:00:00Z,ann,chat,in-house-llm,500,500,0.25,300,false,',
  '2026-11-02T11:00:00Z,ann,chat,in-house-llm,1000,500,,300,false,',
].join('\n');

test('stated costs against list prices, by model, and unmatched models listed', async () => {
  const { context, page, log } = await openView();
  await upload(page, 'spend.csv', STATED_LOG);
  await page.locator(byTestId('usage-dashboard')).waitFor();
  const rows = page.locator(byTestId('usage-bill-row'));
  assert.equal(await rows.count(), 3);
  assert.match(await rows.nth(0).innerText(), /gpt-4o-mini\s+1\s+\$6\.00\s+\$7\.50\s+−\$1\.50\s+−20(\.0)?%/);
  assert.match(await rows.nth(1).innerText(), /gpt-4o\s+1\s+\$4\.00\s+\$5\.00\s+−\$1\.00\s+−20(\.0)?%/);
  assert.match(await rows.nth(2).innerText(), /in-house-llm\s+1\s+\$0\.25\s+no list price/);
  assert.match(await text(page, 'usage-bill-total'), /\$10\.00\s+\$12\.50\s+−\$2\.50\s+−20(\.0)?%/);
  const unmatched = await text(page, 'usage-unmatched-models');
  assert.match(unmatched, /in-house-llm: 2 calls, 1,500 input and 1,000 output tokens, left unpriced/);
  // A generic log has no format name and no dimension selects.
  assert.equal(await page.locator(byTestId('usage-format-name')).count(), 0);
  assert.equal(await page.locator(byTestId('usage-feature-dimension')).count(), 0);
  app.assertClean(log);
  await context.close();
});

const FIXTURES = 'tests/fixtures/usage';
async function fixtures() {
  const found = [];
  for (const folder of ['providers', 'gateways']) {
    const dir = join(FIXTURES, folder);
    if (!existsSync(dir)) continue;
    for (const name of (await readdir(dir)).sort()) {
      if (/\.(csv|json|jsonl|ndjson)$/.test(name)) found.push(join(dir, name));
    }
  }
  return found;
}

// Until the readers for known formats are merged (branches work/fmt-providers and
// work/fmt-gateways), there are no fixtures: the test then has nothing to open and says so.
test('every export fixture opens as its format, without a mapping step', async (t) => {
  const files = await fixtures();
  if (files.length === 0) {
    t.skip('no fixtures under tests/fixtures/usage/providers or gateways yet');
    return;
  }
  const { context, page, log } = await openView();
  for (const file of files) {
    await upload(page, file.split('/').pop(), await readFile(file));
    await page.locator(byTestId('usage-dashboard')).waitFor();
    const name = await text(page, 'usage-format-name');
    assert.notEqual(name.trim(), '', `${file}: no format name`);
    assert.equal(await page.locator(byTestId('usage-mapping')).count(), 0, `${file}: mapping step`);
    // Aggregate files say which figures they cannot give, and give none of them.
    if (await page.locator(byTestId('usage-aggregate-note')).count()) {
      assert.match(await text(page, 'usage-latency'), /not available for aggregate exports/);
      assert.match(await text(page, 'usage-cache-hit-rate'), /not available for aggregate exports/);
    }
    // The override: the generic choice goes to the mapping step or the guessed columns,
    // and back.
    const select = page.locator(byTestId('usage-format'));
    const chosen = await select.inputValue();
    assert.notEqual(chosen, 'generic');
    await select.selectOption('generic');
    await page.locator(`${byTestId('usage-mapping')}, ${byTestId('usage-dashboard')}, ${byTestId('usage-status')} .error`).first().waitFor();
    await page.locator(byTestId('usage-format')).selectOption(chosen);
    await page.locator(byTestId('usage-dashboard')).waitFor();
    // The dimension selects offer the file's dimensions; choosing one regroups the
    // feature breakdown.
    const dimension = page.locator(byTestId('usage-feature-dimension'));
    if (await dimension.count()) {
      const options = await dimension.locator('option').evaluateAll((all) => all.map((o) => o.value));
      assert.equal(options[0], '');
      if (options.length > 1) {
        await dimension.selectOption(options[1]);
        await page.locator(byTestId('usage-by-feature')).waitFor();
        assert.equal(await page.locator(byTestId('usage-feature-dimension')).inputValue(), options[1]);
      }
    }
    await page.click(byTestId('usage-close'));
  }
  app.assertClean(log);
  await context.close();
});
