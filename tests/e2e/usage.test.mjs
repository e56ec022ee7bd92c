// The Usage log view in headless Chromium: a file in the article's format checked by
// hand, a file with other column names through the mapping step (remembered), bad rows,
// the sample dashboard with filters, alerts, opportunities and exports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
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
  // Regression: this read "1 calls logged no cost; they are priced".
  assert.match(await text(page, 'usage-pricing-note'), /1 call logged no cost; it is priced/);
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
  // Regression: a call that logged no cost was exported with an empty cost, although the
  // dashboard priced it ($0.0045, above).
  assert.match(lines[2], /^2026-11-02T09:05:00Z,bob,"search, beta",gpt-4o,1000,200,1200,0\.0045,420,false/);
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

// Regression: an error column holding "false" (or "False", "0", "no") counted the call as
// failed. Ten calls, two failed ("true", "rate_limit_exceeded"): 20%, not 70%.
test('an error column of false and true words gives the real error rate', async () => {
  const { context, page, log } = await openView();
  const words = ['false', 'False', 'FALSE', '0', 'no', '', 'null', 'None', 'true', 'rate_limit_exceeded'];
  const csv = ['timestamp,model,input_tokens,output_tokens,cached,error']
    .concat(words.map((word, index) => `2026-11-02T09:0${index}:00Z,gpt-4o,100,10,${index < 5 ? word : 'false'},${word}`))
    .join('\n');
  await upload(page, 'flags.csv', csv);
  await page.locator(byTestId('usage-dashboard')).waitFor();
  assert.equal(await text(page, 'usage-requests'), '10');
  assert.equal(await text(page, 'usage-error-rate'), '20%');
  assert.equal(await text(page, 'usage-cache-hit-rate'), '0%');
  app.assertClean(log);
  await context.close();
});

/** A seeded generator (mulberry32), so that the log is the same on every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A CSV cell as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
const cell = (value) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * A log of `rows` calls written the way Python's csv module writes one (CRLF line ends,
 * quoted cells), with `failed` of them failed ("true"/"True"/"TRUE" in the error column,
 * the rest "false"/"False"/"FALSE") and prompts cut from the real prompts in
 * tests/fixtures/prompts (line breaks, commas and quotes in them). The first 512 KB chunk
 * the view reads ends inside a quoted prompt, right after a line break.
 */
async function generatedLog(rows, failed) {
  const folder = new URL('../fixtures/prompts/', import.meta.url);
  const texts = await Promise.all((await readdir(folder)).sort().map((name) => readFile(new URL(name, folder), 'utf8')));
  const next = random(2026);
  const failing = new Set();
  while (failing.size < failed) failing.add(Math.floor(next() * rows));
  const models = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5'];
  const features = ['chat', 'search, beta', 'summarise'];
  const lines = ['timestamp,user_id,feature,model,input_tokens,output_tokens,cost,latency_ms,cached,error,prompt'];
  const chunk = 512 * 1024;
  let bytes = Buffer.byteLength(lines[0]) + 2;
  let placed = false;
  for (let row = 0; row < rows; row += 1) {
    const source = texts[Math.floor(next() * texts.length)];
    const start = Math.floor(next() * (source.length - 400));
    let prompt = source.slice(start, start + 40 + Math.floor(next() * 300));
    const at = new Date(Date.UTC(2026, 10, 2) + row * 61_000).toISOString().slice(0, 19) + 'Z';
    const flag = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'][(failing.has(row) ? 0 : 3) + Math.floor(next() * 3)];
    const head = [at, `user-${Math.floor(next() * 40)}`, cell(features[row % 3]), models[row % 3], 200 + Math.floor(next() * 3000), 20 + Math.floor(next() * 500), '', 300 + Math.floor(next() * 2000), next() < 0.2 ? 'true' : 'false', flag].join(',') + ',"';
    const before = bytes + Buffer.byteLength(head);
    if (!placed && before + 1000 > chunk) {
      // This prompt's line break is the last byte of the first chunk.
      prompt = `${'x'.repeat(chunk - before - 1)}\n, and "more" after the chunk`;
      placed = true;
    }
    const line = `${head.slice(0, -1)}${cell(prompt)}`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 2;
  }
  return lines.join('\r\n') + '\r\n';
}

// Measured on a log nobody wrote by hand: 5,000 calls, 155 failed (3.1%), error column
// true/false in three spellings, prompts with line breaks, commas and quotes (one of them
// cut by the 512 KB chunk boundary). Before: 100% errors and hundreds of bad rows.
test('a generated 5,000-call log with quoted line breaks: every row read, 3.1% errors', async () => {
  const { context, page, log } = await openView();
  const csv = await generatedLog(5000, 155);
  assert.ok(Buffer.byteLength(csv) > 512 * 1024, 'more than one chunk');
  assert.equal(Buffer.from(csv)[512 * 1024 - 1], 0x0a, 'the first chunk ends with a quoted line break');
  await upload(page, 'generated.csv', csv);
  await page.locator(byTestId('usage-dashboard')).waitFor();
  assert.equal(await text(page, 'usage-requests'), '5,000');
  assert.equal(await text(page, 'usage-error-rate'), '3.1%');
  assert.match(await text(page, 'usage-bad-rows'), /Every row was read/);
  assert.match(await text(page, 'usage-status'), /Read 5,000 calls from "generated\.csv"/);
  // The filtered rows export writes the prompts back as they were read.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('usage-export-csv'))]);
  const exported = await readFile(await download.path(), 'utf8');
  assert.ok(exported.includes('x\n, and ""more"" after the chunk"'), 'the cut prompt is one cell');
  app.assertClean(log);
  await context.close();
});

// Token parts (#16). Fixtures in tests/fixtures/usage (where each comes from: its README).
const fixture = (name) => readFile(new URL(`../fixtures/usage/${name}`, import.meta.url), 'utf8');

// OpenAI Chat Completions usage objects, one response a line (OpenAI's own example numbers).
// GPT-5 mini is $0.25 input, $0.025 cached input, $2 output per million tokens:
//   1: (2,006 − 1,920) × 0.25 + 1,920 × 0.025 + 300 × 2 = 21.5 + 48 + 600 = 669.5 µ$
//   2: 75 × 0.25 + 1,186 × 2 = 18.75 + 2,372 = 2,390.75 µ$, of which 1,024 × 2 = 2,048 µ$ reasoning
//   3: 9 × 0.25 + 12 × 2 = 26.25 µ$
// Total 3,086.5 µ$; per request 1,028.83 µ$ = $0.001029. Reasoning 1,024 tokens, $0.002048;
// cache reads 1,920 tokens, $0.000048 (OpenAI bills no cache writes: none shown).
test('OpenAI usage objects in JSONL: reasoning and cached tokens priced at their own rates', async () => {
  const { context, page, log } = await openView();
  await upload(page, 'openai-usage.jsonl', await fixture('openai-chat-completions.jsonl'));
  await page.locator(byTestId('usage-dashboard')).waitFor();
  assert.equal(await page.locator(byTestId('usage-mapping')).count(), 0, 'read without a mapping step');
  assert.equal(await text(page, 'usage-requests'), '3');
  assert.equal(await text(page, 'usage-cost-per-request'), '$0.001029');
  assert.equal(await text(page, 'usage-tokens'), '2,090 / 1,498');
  assert.equal(await text(page, 'usage-reasoning-tokens'), '1,024');
  assert.equal(await text(page, 'usage-reasoning-cost'), '$0.002048');
  assert.equal(await text(page, 'usage-cache-read-tokens'), '1,920');
  assert.equal(await text(page, 'usage-cache-read-cost'), '$0.000048');
  assert.equal(await page.locator(byTestId('usage-cache-write-tokens')).count(), 0);
  assert.equal(await page.locator(byTestId('usage-token-parts-empty')).count(), 0);
  // The filters narrow them too: a day with no calls.
  await page.fill(byTestId('usage-filter-to'), '2025-11-30');
  await page.locator(byTestId('usage-requests')).getByText('0').waitFor();
  assert.equal(await text(page, 'usage-reasoning-tokens'), '0');
  await page.click(byTestId('usage-filter-clear'));
  await page.locator(byTestId('usage-requests')).getByText('3').waitFor();
  // The export keeps the parts, inside the counts.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('usage-export-csv'))]);
  const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  assert.match(lines[0], /,prompt,reasoning_tokens,cached_tokens,cache_write_5m_tokens,cache_write_1h_tokens$/);
  // 669.5 µ$, the first call's cost at list prices (it logs none).
  assert.match(lines[1], /^2025-12-01T10:00:00Z,,,gpt-5-mini,2006,300,2306,0\.0006695,,false,,,,0,1920,,$/);
  app.assertClean(log);
  await context.close();
});

// Anthropic's columns: input_tokens exclude cache reads and writes, which are added to them.
// Claude Sonnet 4.5: $3 input, $0.30 read, $3.75 5-minute and $6 1-hour writes, $15 output;
// above 200K input tokens $6, $0.60 and $22.50.
//   1: 2,048 × 3 + 1,800 × 0.30 + 148 × 3.75 + 100 × 6 + 503 × 15 = 6,144 + 540 + 555 + 600 + 7,545 = 15,384 µ$
//   2: whole input 50 + 200,000 = 200,050 > 200K: 50 × 6 + 200,000 × 0.60 + 500 × 22.50 = 300 + 120,000 + 11,250 = 131,550 µ$
//   3: 1,000 × 3 + 200 × 15 = 6,000 µ$
// Total 152,934 µ$ = $0.15; reads 201,800 tokens, $0.12054; writes 248 tokens, $0.001155.
// (Priced as before, input_tokens only: 13,689 + 7,650 + 6,000 µ$ = $0.03.)
test('Anthropic cache columns in CSV: added to the input and priced at the cache rates', async () => {
  const { context, page, log } = await openView();
  await upload(page, 'anthropic-usage.csv', await fixture('anthropic-messages.csv'));
  await page.locator(byTestId('usage-dashboard')).waitFor();
  assert.equal(await text(page, 'usage-requests'), '3');
  assert.equal(await text(page, 'usage-total-cost'), '$0.15');
  assert.equal(await text(page, 'usage-cost-per-request'), '$0.050978');
  assert.equal(await text(page, 'usage-tokens'), '205,146 / 1,203');
  assert.equal(await text(page, 'usage-cache-read-tokens'), '201,800');
  assert.equal(await text(page, 'usage-cache-read-cost'), '$0.12054');
  assert.equal(await text(page, 'usage-cache-write-tokens'), '248');
  assert.equal(await text(page, 'usage-cache-write-cost'), '$0.001155');
  assert.equal(await page.locator(byTestId('usage-reasoning-spend')).count(), 0, 'no reasoning column');
  assert.match(await text(page, 'usage-by-feature'), /contracts\s+\$0\.13\s+86(\.0)?%\s+1/);
  app.assertClean(log);
  await context.close();
});

// A log with none of the new columns: today's figures, and the empty state.
test('a log without reasoning or cache columns is priced as before and says so', async () => {
  const { context, page, log } = await openView();
  await upload(page, 'calls.csv', ARTICLE_LOG);
  await page.locator(byTestId('usage-dashboard')).waitFor();
  assert.equal(await text(page, 'usage-total-cost'), '$1.00');
  assert.equal(await text(page, 'usage-cost-per-request'), '$0.2009');
  assert.match(await text(page, 'usage-token-parts-empty'), /no reasoning or prompt-cache columns/);
  assert.equal(await page.locator(byTestId('usage-reasoning-spend')).count(), 0);
  assert.equal(await page.locator(byTestId('usage-cache-spend')).count(), 0);
  app.assertClean(log);
  await context.close();
});
