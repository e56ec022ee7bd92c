// The Usage log view in headless Chromium: a file in the article's format checked by
// hand, a file with other column names through the mapping step (remembered), bad rows,
// the sample dashboard with filters, alerts, opportunities and exports.
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

const text = (page, testid) => page.locator(byTestId(testid)).innerText();

async function openView() {
  const opened = await app.open('/#/usage');
  await opened.page.locator(byTestId('view-usage')).waitFor();
  return opened;
}

function upload(page, name, contents) {
  return page.setInputFiles(byTestId('usage-file'), {
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(contents),
  });
}

// Five calls by hand. gpt-4o is $2.50 / $10 per million tokens; the second call logs no
// cost: 1,000 × 2.5e-6 + 200 × 1e-5 = $0.0045. Total = 0.30 + 0.0045 + 0.60 + 0.10 + 0
// = $1.0045. Cached: 1 of 5 = 20%; errors: 1 of 5 = 20%. Line 7 is bad (tokens "lots"),
// line 8 has an unclosed quote. The $0.60 call crosses the $0.50 per-request threshold.
const ARTICLE_LOG = [
  '\ufefftimestamp,user_id,feature,model,input_tokens,output_tokens,total_tokens,cost,latency_ms,cached,cache_type,error',
  '2026-11-02T09:00:00Z,ann,chat,gpt-4o,500,300,800,0.30,850,false,,',
  '2026-11-02T09:05:00Z,bob,"search, beta",gpt-4o,1000,200,1200,,420,false,,',
  '2026-11-02T10:00:00Z,ann,report,gpt-4o,9000,2000,11000,0.60,9000,false,,',
  '2026-11-03T08:00:00Z,cat,chat,gpt-4o,400,100,500,0.10,700,false,,timeout',
  '2026-11-03T08:01:00Z,ann,chat,gpt-4o,400,100,500,0,20,true,exact,',
  '2026-11-03T08:02:00Z,ann,chat,gpt-4o,lots,100,500,0.10,700,false,,',
  '2026-11-03T08:03:00Z,"ann,chat,gpt-4o,1,1,2,0.1,1,false,,',
].join('\r\n');

test('a log in the article\'s format: figures, breakdowns and bad rows checked by hand', async () => {
  const { context, page, log } = await openView();
  assert.match(await text(page, 'usage-empty'), /What you will see/);
  await upload(page, 'calls.csv', ARTICLE_LOG);
  await page.locator(byTestId('usage-dashboard')).waitFor();
  assert.equal(await text(page, 'usage-total-cost'), '$1.00');
  assert.equal(await text(page, 'usage-requests'), '5');
  assert.equal(await text(page, 'usage-cache-hit-rate'), '20%');
  assert.equal(await text(page, 'usage-error-rate'), '20%');
  assert.match(await text(page, 'usage-pricing-note'), /1 calls logged no cost/);
  const bad = await text(page, 'usage-bad-rows');
  assert.match(bad, /2 rows could not be read/);
  assert.match(bad, /Line 7: input_tokens is not a whole number of 0 or more: "lots"/);
  assert.match(bad, /Line 8: a quote is not closed/);
  // By feature: chat 0.30 + 0.10 + 0 = $0.40, report $0.60, "search, beta" $0.0045.
  // ("engine" below is a known name for the model column; "when", "in", "out" are not.)
  const byFeature = await text(page, 'usage-by-feature');
  assert.match(byFeature, /report\s+\$0\.60\s+59\.7%\s+1/);
  assert.match(byFeature, /chat\s+\$0\.40\s+39\.8%\s+3/);
  assert.match(byFeature, /search, beta\s+\$0\.0045\s+0\.4%\s+1\s+\$0\.0045/);
  assert.match(await text(page, 'usage-by-user'), /ann\s+\$0\.90/);
  assert.match(await text(page, 'usage-by-model'), /gpt-4o\s+\$1\.00\s+100%\s+5/);
  assert.match(await text(page, 'usage-alerts'), /Cost of one request over \$0\.50: 1 time/);
  assert.match(await text(page, 'usage-alerts'), /\$0\.60 · 2026-11-02 10:00 UTC/);
  await page.locator(`${byTestId('chart-usage-time')} svg`).waitFor();
  assert.match(await page.getAttribute(byTestId('chart-usage-time'), 'aria-label'), /Cost per hour/);

  // Filters narrow every figure; clicking a name in a table filters by it.
  await page.click(`${byTestId('usage-by-feature')} button:text-is("chat")`);
  await page.locator(byTestId('usage-total-cost')).getByText('$0.40').waitFor();
  assert.equal(await text(page, 'usage-requests'), '3');
  await page.fill(byTestId('usage-filter-from'), '2026-11-03');
  await page.locator(byTestId('usage-requests')).getByText('2').waitFor();
  await page.click(byTestId('usage-filter-clear'));
  await page.locator(byTestId('usage-requests')).getByText('5').waitFor();

  // Thresholds are editable: at $0.25 per request, two calls cross it.
  await page.fill(byTestId('usage-threshold-request'), '0.25');
  await page.locator(byTestId('usage-alerts')).getByText('Cost of one request over $0.25: 2 times').waitFor();
  await page.fill(byTestId('usage-threshold-request'), 'abc');
  assert.match(await text(page, 'usage-threshold-request-error'), /dollars/);

  // The filtered rows export as CSV that names every column.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('usage-export-csv'))]);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split('\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0], /^timestamp,user_id,feature,model,input_tokens,output_tokens/);
  assert.match(lines[2], /^2026-11-02T09:05:00Z,bob,"search, beta",gpt-4o,1000,200,1200,,420,false/);
  app.assertClean(log);
  await context.close();
});

test('other column names go through the mapping step, which is remembered', async () => {
  const { context, page, log } = await openView();
  const jsonl = [
    { when: '2026-11-02 09:00', who: 'ann', engine: 'gpt-4o-mini', in: 1000, out: 500, dollars: 0.5 },
    { when: '2026-11-02 09:30', who: 'bob', engine: 'gpt-4o-mini', in: 2000, out: 100, dollars: 0.25 },
  ].map((row) => JSON.stringify(row)).join('\n');
  await upload(page, 'calls.jsonl', jsonl);
  await page.locator(byTestId('usage-mapping')).waitFor();
  assert.match(await text(page, 'usage-mapping'), /Still needed: timestamp, input_tokens, output_tokens/);
  assert.equal(await page.locator(byTestId('usage-map-confirm')).isDisabled(), true);
  for (const [column, field] of [['timestamp', 'when'], ['model', 'engine'], ['input_tokens', 'in'], ['output_tokens', 'out'], ['cost', 'dollars'], ['user_id', 'who']]) {
    await page.selectOption(byTestId(`usage-map-${column}`), field);
  }
  await page.click(byTestId('usage-map-confirm'));
  await page.locator(byTestId('usage-total-cost')).getByText('$0.75').waitFor();
  assert.match(await text(page, 'usage-by-user'), /ann\s+\$0\.50/);
  // The same columns again: read at once with the remembered mapping.
  await upload(page, 'calls-2.jsonl', jsonl);
  await page.locator(byTestId('usage-source')).getByText(/calls-2\.jsonl/).waitFor();
  assert.equal(await page.locator(byTestId('usage-mapping')).count(), 0);
  assert.equal(await text(page, 'usage-total-cost'), '$0.75');
  // A binary file is refused with a message.
  await page.setInputFiles(byTestId('usage-file'), { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]) });
  await page.locator(byTestId('usage-status')).getByText(/not a text file/).waitFor();
  app.assertClean(log);
  await context.close();
});

test('the sample: a full dashboard with alerts, opportunities and a Projection link', async () => {
  const { context, page, log } = await openView();
  await page.click(byTestId('usage-sample'));
  await page.locator(byTestId('usage-dashboard')).waitFor();
  // 5,000 calls + the 70 of the runaway job.
  assert.equal(await text(page, 'usage-requests'), '5,070');
  assert.match(await text(page, 'usage-bad-rows'), /Every row was read/);
  const alerts = await text(page, 'usage-alerts');
  assert.match(alerts, /Hourly cost over \$10\.00: \d+ time/);
  assert.match(alerts, /Hourly error rate over 5%: \d+ time/);
  assert.match(alerts, /Cost of one request over \$0\.50: \d+ time/);
  const opportunities = await text(page, 'usage-opportunities');
  assert.match(opportunities, /Route simpler "report" calls to/);
  assert.match(opportunities, /Compress the prompts of "search"/);
  assert.match(opportunities, /Cache answers to repeated prompts/);
  assert.match(opportunities, /about \$[\d,.]+ a month/);
  for (const testid of ['usage-by-feature', 'usage-by-model', 'usage-by-user']) {
    assert.equal(await page.locator(`${byTestId(testid)} svg`).count(), 1, `${testid} has a chart`);
  }
  assert.equal(await page.locator(`${byTestId('usage-by-user')} tbody tr`).count(), 10, 'the top 10 users');
  // The time chart marks the alerts.
  assert.match(await page.getAttribute(byTestId('chart-usage-time'), 'aria-label'), /[1-9]\d* alerts? marked/);
  // Same seed, same log; the report carries the figures.
  const [report] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('usage-export-report'))]);
  const markdown = await readFile(await report.path(), 'utf8');
  assert.match(markdown, /^# LLM usage report/);
  assert.match(markdown, /- Requests: 5,070\n/);
  assert.match(markdown, new RegExp(`- Total cost: ${(await text(page, 'usage-total-cost')).replace(/[$.]/g, '\\$&')}\\n`));
  // "Open in Projection" carries the numbers: the Projection shows the same saving.
  const first = page.locator(`${byTestId('usage-opportunities')} .opportunity`).first();
  const saving = (await first.locator('.saving').innerText()).match(/\$[\d,.]+/)[0];
  await first.locator(byTestId('usage-open-projection')).click();
  await page.locator(byTestId('view-projection')).waitFor();
  const shown = Number((await text(page, 'savings-monthly')).replace(/[$,]/g, ''));
  const expected = Number(saving.replace(/[$,]/g, ''));
  assert.ok(Math.abs(shown - expected) <= 0.03 * expected, `projection ${shown} vs ${expected}`);
  app.assertClean(log);
  await context.close();
});
