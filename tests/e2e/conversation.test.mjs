// The Conversation view in headless Chromium: hand-checked totals, the saving, a real
// conversation counted exactly, the context-window marker and the hand-off to the
// Projection.
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

async function openConversation() {
  const opened = await app.open('/#/conversation');
  await opened.page.locator(byTestId('view-conversation')).waitFor();
  return opened;
}

test('three turns on GPT-4: totals and the window saving, checked by hand', async () => {
  const { context, page, log } = await openConversation();
  await page.selectOption(byTestId('conv-model'), 'gpt-4');
  await page.fill(byTestId('conv-turns'), '3');
  await page.fill(byTestId('conv-system-tokens'), '100');
  await page.fill(byTestId('conv-user-tokens'), '50');
  await page.fill(byTestId('conv-assistant-tokens'), '150');
  await page.fill(byTestId('conv-window'), '2');
  // Full history: inputs 161, 369, 577 (every message +4, every call +3): 1,107 tokens
  // × $30/M + 3 replies × 150 × $60/M = $0.03321 + $0.027 = $0.06021.
  assert.equal(await text(page, 'conv-total-full'), '$0.06021');
  // A window of 2 messages: 161, 369, 369 = 899 → $0.02697 + $0.027 = $0.05397,
  // saving 1 − 0.05397 / 0.06021 = 10.4%.
  assert.equal(await text(page, 'conv-total-window'), '$0.05397');
  assert.equal(await text(page, 'conv-savings-percent'), '10.4%');
  await page.fill(byTestId('conv-turns'), 'x');
  assert.equal(await text(page, 'conv-total-full'), '—');
  assert.match(await text(page, 'conv-turns-error'), /whole number/);
  // Long enough to overflow GPT-4's 8,192-token window: the chart marks the turn.
  await page.fill(byTestId('conv-turns'), '60');
  assert.match(await text(page, 'conv-overflow'), /turn 40 needs more than the model's 8,192-token context window/);
  assert.match(await page.locator(byTestId('chart-conversation')).innerHTML(), /turn 40: over the context window/);
  assert.match(await page.locator(byTestId('chart-conversation-cost')).innerHTML(), /Cost per turn[\s\S]*US dollars per call/);
  app.assertClean(log);
  await context.close();
});

test('a pasted conversation is counted exactly and sent to the Projection', async () => {
  const { context, page, log } = await openConversation();
  await page.click(`${byTestId('view-conversation')} details summary`);
  await page.fill(byTestId('conv-import'), JSON.stringify([
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: 'Hello there' },
    { role: 'assistant', content: 'Hi.' },
    { role: 'user', content: 'What is 2 + 2?' },
    { role: 'assistant', content: '4' },
  ]));
  await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0);
  await page.click(byTestId('conv-import-apply'));
  assert.match(await text(page, 'conv-status'), /Counted exactly with o200k_base: 2 turns/);
  assert.equal(await page.locator(byTestId('conv-turns')).inputValue(), '2');
  // "You are a terse assistant." is 6 tokens in o200k_base.
  assert.equal(await page.locator(byTestId('conv-system-tokens')).inputValue(), '6');
  await page.click(byTestId('conv-use-in-projection'));
  await page.locator(byTestId('view-projection')).waitFor();
  assert.equal(await page.locator(byTestId('context-strategy')).inputValue(), 'measured');
  assert.match(await page.locator(byTestId('context-history-tokens')).inputValue(), /^\d+$/);
  app.assertClean(log);
  await context.close();
});
