// The Projection's prompt caching as billed and its service tiers (issue #16, items 4
// and 5), in headless Chromium against dist/: the cached prefix after compression (the
// reported bug), the TTL's write price, the documented minimum prefix in the notes, and
// flex and priority shares. Every figure is worked out by hand in the comments, from the
// shipped catalog (gpt-5-mini $0.25 input / $0.025 cached / $2 output, flex $0.125 / $1,
// priority $0.45 / $3.60; claude-sonnet-4-5 $3 / $0.30 read / $3.75 5-minute write / $6
// 1-hour write / $15 output).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, startApp } from './harness.mjs';

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

const text = (page, testid) => page.locator(byTestId(testid)).innerText();
/** "$1,234.56" or "-$3.00" -> a number. */
const money = (shown) => Number(shown.replace(/^-\$/, '-').replace(/[$,]/g, ''));

async function openProjection(query) {
  const opened = await app.open(`/#/projection?v=1&${query}`);
  await opened.page.locator(byTestId('view-projection')).waitFor();
  return opened;
}

/** No overheads, every lever off but `levers`. */
function plain(levers) {
  const all = ['cache', 'context', 'compression', 'routing', 'prompt-cache', 'batch', 'retries'];
  const overheads = ['context-reload', 'retries', 'dev-testing', 'system-prompt', 'multi-turn'];
  return [
    ...overheads.map((name) => `overhead-${name}=0`),
    ...all.map((lever) => `lever-${lever}=${levers.includes(lever) ? 'on' : 'off'}`),
  ].join('&');
}

test('the cached prefix is the system prompt after compression, not the uncompressed one', async () => {
  // The default scenario with a 2,000-token system prompt, its prefix set to 2,000 and
  // 1,000,000 calls: 75.75% reach the API (757,500), compression leaves 1,200 tokens,
  // routing keeps 55% of calls on GPT-5 mini and sends 50% to GPT-5 nano, overheads 2.24.
  // Saving = 1,200 × (0.55 × 0.8 × (0.25 − 0.025) + 0.5 × 0.8 × (0.05 − 0.005)) / M ×
  // 757,500 × 2.24 = $0.0001404 × 1,696,800 = $238.23 (it showed $397.05: 2,000 tokens).
  const { context, page, log } = await openProjection('calls-per-month=1000000&system-tokens=2000&prompt-cache-prefix=2000');
  assert.equal(await text(page, 'lever-saving-prompt-cache'), '$238.23');
  assert.match(await text(page, 'lever-notes-prompt-cache'), /1,200 tokens \(of 2,000 before compression\)/);
  assert.match(await text(page, 'lever-notes-prompt-cache'), /GPT-5 mini: minimum prefix 1,024 tokens \(OpenAI/);
  app.assertClean(log);
  await context.close();
});

test('the TTL select changes the write price of every miss', async () => {
  // Claude Sonnet 4.5, 10,000 calls of 2,000 system + 500 user + 300 output tokens, 80%
  // hits: 5 minutes saves 10,000 × 2,000 × (0.8 × (3 − 0.30) + 0.2 × (3 − 3.75)) / M =
  // $40.20; 1 hour 10,000 × 2,000 × (2.16 + 0.2 × (3 − 6)) / M = $31.20, $9.00 less.
  const { context, page, log } = await openProjection(
    `projection-model=claude-sonnet-4-5&system-tokens=2000&prompt-cache-prefix=2000&${plain(['prompt-cache'])}`,
  );
  assert.equal(await text(page, 'lever-saving-prompt-cache'), '$40.20');
  await page.selectOption(byTestId('prompt-cache-ttl'), '1h');
  assert.equal(await text(page, 'lever-saving-prompt-cache'), '$31.20');
  assert.match(page.url(), /prompt-cache-ttl=1h/);
  // A minimum prefix that is not a number gets its message; auto is the documented one.
  await page.fill(byTestId('prompt-cache-min-prefix'), 'lots');
  assert.match(await text(page, 'prompt-cache-min-prefix-error'), /or auto/);
  await page.fill(byTestId('prompt-cache-min-prefix'), 'auto');
  assert.equal(await text(page, 'prompt-cache-min-prefix-error'), '');
  assert.equal(await text(page, 'lever-saving-prompt-cache'), '$31.20');
  app.assertClean(log);
  await context.close();
});

test('flex and priority shares pay their tiers, and priority can cost more than it saves', async () => {
  // GPT-5 mini, 1,000,000 calls of 500 input and 300 output tokens: $0.000725 a call,
  // $725 a month. 20% flex ($0.0003625) + 10% priority ($0.001305): 0.7 × 725 + 0.2 ×
  // 362.5 + 0.1 × 1,305 = $710.50, a saving of $14.50.
  const { context, page, log } = await openProjection(
    `calls-per-month=1000000&batch-share=0&tier-flex-share=20&tier-priority-share=10&${plain(['batch'])}`,
  );
  assert.equal(await text(page, 'cost-baseline'), '$725.00');
  assert.equal(await text(page, 'lever-saving-batch'), '$14.50');
  // Half the calls at priority: 0.5 × 725 + 0.5 × 1,305 = $1,015: −$290.00.
  await page.fill(byTestId('tier-flex-share'), '0');
  await page.fill(byTestId('tier-priority-share'), '50');
  assert.equal(money(await text(page, 'lever-saving-batch')), -290);
  // More than 100% in all is refused at the field.
  await page.fill(byTestId('batch-share'), '60');
  assert.match(await text(page, 'tier-priority-share-error'), /at most 100%, they add up to 110%/);
  // Claude Sonnet 4.5 has no flex processing: its share stays standard, with a note.
  await page.fill(byTestId('batch-share'), '0');
  await page.fill(byTestId('tier-priority-share'), '0');
  await page.fill(byTestId('tier-flex-share'), '30');
  await page.selectOption(byTestId('projection-model'), 'claude-sonnet-4-5');
  assert.equal(await text(page, 'lever-saving-batch'), '$0.00');
  assert.match(await text(page, 'lever-notes-batch'), /has no flex processing/);
  app.assertClean(log);
  await context.close();
});
