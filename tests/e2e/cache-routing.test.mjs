// The Cache & routing view in headless Chromium: hit rates checked by hand on sample
// queries, normalization, threshold and TTL, a large list with progress, routing with
// editable rules, and both hand-offs to the Projection.
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

async function openView() {
  const opened = await app.open('/#/cache-routing');
  await opened.page.locator(byTestId('view-cache-routing')).waitFor();
  return opened;
}

async function setRange(page, testid, value) {
  await page.locator(byTestId(testid)).evaluate((input, value) => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('sample queries: exact and near hit rates, checked by hand', async () => {
  const { context, page, log } = await openView();
  await page.click(byTestId('cache-sample'));
  // 20 queries; after normalization 6 repeat an earlier one exactly (the password
  // question twice, opening hours, Canada, "where is my order?", cancelling) = 30%.
  await page.locator(byTestId('cache-exact-hit-rate')).getByText('30%').waitFor();
  assert.equal(await text(page, 'cache-query-count'), '20');
  const near = Number((await text(page, 'cache-near-hit-rate')).replace('%', ''));
  assert.ok(near > 30, `near duplicates add hits: ${near}%`);
  assert.match(await text(page, 'cache-groups'), /how do i reset my password — answers \d+ queries/);
  // At a threshold of 1, only exact hits remain.
  await setRange(page, 'cache-threshold', '1');
  await page.locator(byTestId('cache-near-hit-rate')).getByText('30%').waitFor();
  // Without case folding, "how do i reset my password" no longer repeats "How do I…".
  await page.setChecked(byTestId('cache-normalize-case'), false);
  await page.waitForFunction(() => document.querySelector('[data-testid="cache-exact-hit-rate"]').textContent !== '30%');
  assert.ok(Number((await text(page, 'cache-exact-hit-rate')).replace('%', '')) < 30);
  await page.setChecked(byTestId('cache-normalize-case'), true);
  await page.locator(byTestId('cache-exact-hit-rate')).getByText('30%').waitFor();
  await page.click(byTestId('cache-use-in-projection'));
  await page.locator(byTestId('view-projection')).waitFor();
  assert.equal(await page.locator(byTestId('cache-exact-rate')).inputValue(), '30');
  assert.equal(await page.locator(byTestId('lever-cache')).isChecked(), true);
  app.assertClean(log);
  await context.close();
});

test('timestamps and a TTL expire cached answers; a large list is analysed with progress', async () => {
  const { context, page, log } = await openView();
  await page.fill(byTestId('cache-ttl'), '60');
  await page.fill(byTestId('cache-queries'), 'timestamp,query\n2024-05-01T10:00:00Z,hello\n2024-05-01T10:30:00Z,hello\n2024-05-01T12:00:00Z,hello\nsoon,hello');
  // 10:30 hits the answer cached at 10:00; at 12:00 it has expired (1 h TTL). The bad
  // time is reported, and its query kept without a time.
  await page.locator(byTestId('cache-query-count')).getByText('4').waitFor();
  assert.equal(await text(page, 'cache-exact-hit-rate'), '50%');
  assert.match(await text(page, 'cache-problems'), /Line 5: the time "soon"/);
  const lines = Array.from({ length: 30_000 }, (_, index) => `question number ${index % 9_000} about topic ${index % 37}`);
  await page.fill(byTestId('cache-ttl'), '');
  // Set as a paste would (Playwright's fill is slow on a megabyte of text).
  await page.locator(byTestId('cache-queries')).evaluate((area, value) => {
    area.value = value;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, lines.join('\n'));
  await page.locator(byTestId('cache-query-count')).getByText('30,000').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator(byTestId('cache-progress')).isHidden(), true);
  app.assertClean(log);
  await context.close();
});

test('tasks are routed by editable rules, and the shares go to the Projection', async () => {
  const { context, page, log } = await openView();
  await page.click(byTestId('routing-sample'));
  const rows = page.locator(`${byTestId('routing-table')} tbody tr`);
  await rows.first().waitFor();
  assert.equal(await rows.count(), 11);
  assert.match(await rows.nth(0).innerText(), /Classify this support ticket[\s\S]*Trivial/);
  assert.match(await rows.nth(9).innerText(), /multi-step research plan[\s\S]*Expert/);
  assert.match(await rows.nth(10).innerText(), /Draft a reply[\s\S]*Moderate/, 'no keyword: moderate');
  assert.match(await text(page, 'routing-savings'), /^\d+(\.\d)?%$/);
  await page.selectOption(byTestId('routing-provider'), 'openai');
  assert.match(await rows.nth(0).innerText(), /GPT|gpt/);
  // An edited rule moves a task, and is kept after a reload.
  await page.click(`${byTestId('view-cache-routing')} .routing-rules summary`);
  await page.fill(byTestId('routing-rules-trivial'), 'classify, yes or no, draft');
  await page.locator(byTestId('routing-rules-trivial')).press('Tab');
  assert.match(await rows.nth(10).innerText(), /Draft a reply[\s\S]*Trivial/);
  await page.reload();
  await page.locator(byTestId('view-cache-routing')).waitFor();
  assert.equal(await page.locator(byTestId('routing-rules-trivial')).inputValue(), 'classify, yes or no, draft');
  await page.click(`${byTestId('view-cache-routing')} .routing-rules summary`);
  await page.click(byTestId('routing-rules-reset'));
  await page.click(byTestId('routing-sample'));
  await page.click(byTestId('routing-use-in-projection'));
  await page.locator(byTestId('view-projection')).waitFor();
  assert.equal(await page.locator(byTestId('lever-routing')).isChecked(), true);
  // 2 of 11 tasks are trivial: 18.2%; the shares add up to 100, so the form is valid.
  assert.equal(await page.locator(byTestId('routing-share-trivial')).inputValue(), '18.2');
  assert.equal(await text(page, 'routing-shares-error'), '');
  assert.notEqual(await text(page, 'cost-optimized'), '—');
  app.assertClean(log);
  await context.close();
});

// Regression: "Where is my order #12345?" and "Where is my order #12346?" were grouped as
// one answer (a near duplicate), and "Use in projection" sent a false-hit rate of 0.
test('queries that differ only by a number do not share an answer; the false-hit estimate is shown and sent', async () => {
  const { context, page, log } = await openView();
  await page.fill(byTestId('cache-queries'), 'Where is my order #12345?\nWhere is my order #12346?');
  await page.locator(byTestId('cache-query-count')).getByText('2').waitFor();
  assert.equal(await text(page, 'cache-near-hit-rate'), '0%');
  assert.equal(await page.locator(`${byTestId('cache-groups')} li`).count(), 0);
  // The one near pair a similarity cache would serve differs in its number: 1 of 1.
  assert.equal(await text(page, 'cache-false-hit-estimate'), '100%');
  assert.match(await text(page, 'cache-false-hit-pairs'), /Where is my order #12346\? ↔ Where is my order #12345\?/);
  // Checked by hand (threshold 0.8): the password pair is a near hit (0.83), #12346 a
  // conflict (0.91 to #12345), the repeated #12345 an exact hit. Exact 1/5 = 20%,
  // near 2/5 = 40%, false hits 1 / (1 near + 1 conflict) = 50%.
  await page.fill(byTestId('cache-queries'), [
    'How do I reset my password?',
    'How can I reset my password?',
    'Where is my order #12345?',
    'Where is my order #12346?',
    'Where is my order #12345?',
  ].join('\n'));
  await page.locator(byTestId('cache-query-count')).getByText('5').waitFor();
  assert.equal(await text(page, 'cache-exact-hit-rate'), '20%');
  assert.equal(await text(page, 'cache-near-hit-rate'), '40%');
  assert.equal(await text(page, 'cache-false-hit-estimate'), '50%');
  const groups = await text(page, 'cache-groups');
  assert.match(groups, /where is my order 12345 — answers 2 queries/);
  assert.doesNotMatch(groups, /12346/);
  const tip = await page.locator(`${byTestId('view-cache-routing')} .cost-figures .tip`).getAttribute('data-tip');
  assert.match(tip, /differ in a number, id, date or quoted string/);
  await page.click(byTestId('cache-use-in-projection'));
  await page.locator(byTestId('view-projection')).waitFor();
  // The Projection's similarity cache: 40% semantic hits of which 50% are false, so its
  // effective hit rate is 20% + 40% × 50% = the 40% found here.
  assert.equal(await page.locator(byTestId('cache-exact-rate')).inputValue(), '20');
  assert.equal(await page.locator(byTestId('cache-semantic-rate')).inputValue(), '40');
  assert.equal(await page.locator(byTestId('cache-false-hit-rate')).inputValue(), '50');
  app.assertClean(log);
  await context.close();
});
