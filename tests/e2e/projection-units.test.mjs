// The Projection's units beyond text (issue #16) in headless Chromium: reasoning tokens at
// the output price, tool-definition tokens and images as input, the reasoning suggestion
// for a reasoning model, messages next to bad values, and a link that carries them all.
// Prices are the shipped catalog's: GPT-4 $30 / $60, GPT-5 mini $0.25 / $2 per million.
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

const LEVERS = ['cache', 'context', 'compression', 'routing', 'prompt-cache', 'batch', 'retries'];
const OUTPUTS = ['cost-naive', 'cost-baseline', 'cost-optimized', 'savings-monthly', 'image-tokens'];

const text = (page, testid) => page.locator(byTestId(testid)).innerText();

async function openProjection(path = '/#/projection', options = {}) {
  const opened = await app.open(path, options);
  await opened.page.locator(byTestId('view-projection')).waitFor();
  return opened;
}

async function outputs(page) {
  const shown = {};
  for (const id of OUTPUTS) shown[id] = await text(page, id);
  return shown;
}

/** The article's example, every lever off: 10,000 calls of 500 input and 300 output tokens on GPT-4. */
async function fillArticleExample(page) {
  await page.selectOption(byTestId('volume-mode'), 'calls');
  await page.fill(byTestId('calls-per-month'), '10000');
  for (const id of ['system-tokens', 'history-tokens', 'context-tokens']) await page.fill(byTestId(id), '0');
  await page.fill(byTestId('user-tokens'), '500');
  await page.fill(byTestId('output-tokens'), '300');
  await page.selectOption(byTestId('projection-model'), 'gpt-4');
  for (const lever of LEVERS) await page.setChecked(byTestId(`lever-${lever}`), false);
}

test('reasoning, tool and image tokens are priced by hand-checked rules, and a link carries them', async () => {
  const { context, page, log } = await openProjection();
  await fillArticleExample(page);
  assert.equal(await text(page, 'cost-naive'), '$330.00');
  assert.equal(await text(page, 'image-tokens'), '0');

  // Reasoning at the output price: 10,000 × (500 × $30 + (300 + 1,500) × $60) / 1M =
  // 10,000 × ($0.015 + $0.108) = $1,230; true cost × 2.6 = $3,198.
  await page.fill(byTestId('reasoning-tokens'), '1500');
  assert.equal(await text(page, 'cost-naive'), '$1,230.00');
  assert.equal(await text(page, 'cost-baseline'), '$3,198.00');

  // Tool definitions are input: (500 + 1,200) × $30 = $0.051 + $0.108 = $0.159 → $1,590.
  await page.fill(byTestId('tool-tokens'), '1200');
  assert.equal(await text(page, 'cost-naive'), '$1,590.00');

  // Two 1024 × 1024 images. GPT-4 publishes no image rule, so OpenAI's tile rule stands
  // in, labelled an estimate: 85 + 4 × 170 = 765 each, 1,530 a call. (1,700 + 1,530) ×
  // $30 = $0.0969 + $0.108 = $0.2049 → $2,049.
  await page.fill(byTestId('image-count'), '2');
  await page.locator(byTestId('image-width')).waitFor();
  assert.equal(await page.locator(byTestId('image-width')).inputValue(), '1024');
  assert.equal(await text(page, 'image-tokens'), '1,530');
  assert.match(await text(page, 'image-rule'), /2 × 765 tokens, an estimate: gpt.4 has no published image rule/i);
  assert.equal(await text(page, 'cost-naive'), '$2,049.00');
  // Low detail: 85 each → 170; (1,700 + 170) × $30 = $0.0561 + $0.108 = $0.1641 → $1,641.
  await page.selectOption(byTestId('image-detail'), 'low');
  assert.equal(await text(page, 'image-tokens'), '170');
  assert.equal(await text(page, 'cost-naive'), '$1,641.00');

  // The formula says what a call is made of.
  await page.click(`${byTestId('formulas')} summary`);
  assert.match(
    await text(page, 'formulas'),
    /1,870 input \(user 500 \+ tools 1,200 \+ images 170\) × \$30\.00 \+ 1,800 output \(answer 300 \+ reasoning 1,500\) × \$60\.00/,
  );

  // The link holds the new parameters, and only because they differ from the defaults.
  const link = await page.locator(byTestId('share-url')).inputValue();
  assert.match(link, /&reasoning-tokens=1500&tool-tokens=1200&image-count=2&image-detail=low(&|$)/);
  assert.doesNotMatch(link, /image-width|image-height/);
  const sent = await outputs(page);
  const other = await openProjection(link.slice(new URL(link).origin.length));
  assert.deepEqual(await outputs(other.page), sent);
  assert.equal(await other.page.locator(byTestId('reasoning-tokens')).inputValue(), '1500');
  assert.equal(await other.page.locator(byTestId('image-detail')).inputValue(), 'low');
  app.assertClean(other.log);
  await other.context.close();

  // A model with a published rule: GPT-4o counts 1024 × 1024 at high detail as 765 and
  // says whose rule it is; Claude's rule has no detail setting, so the menu goes.
  await page.selectOption(byTestId('image-detail'), 'high');
  await page.selectOption(byTestId('projection-model'), 'gpt-4o');
  assert.equal(await text(page, 'image-tokens'), '1,530');
  assert.match(await text(page, 'image-rule'), /by OpenAI's tile rule .* on gpt.4o/i);
  assert.doesNotMatch(await text(page, 'image-rule'), /estimate/);
  await page.selectOption(byTestId('projection-model'), 'claude-sonnet-4-5');
  // Anthropic: 1024 × 1024 / 750 = 1,398.1 → 1,399 each.
  assert.equal(await text(page, 'image-tokens'), '2,798');
  assert.equal(await page.locator(byTestId('image-detail')).count(), 0);
  app.assertClean(log);
  await context.close();
});

test('a reasoning model suggests budgets per effort level, applied only by a click', async () => {
  const { context, page, log } = await openProjection('/#/projection?v=1');
  // The default model, GPT-5 mini, is a reasoning model.
  const suggest = page.locator(byTestId('reasoning-suggest'));
  await suggest.waitFor();
  assert.match(await suggest.innerText(), /ai\.google|Gemini API|OpenAI compatibility/);
  assert.equal(await page.locator(byTestId('reasoning-tokens')).inputValue(), '0', 'never applied silently');
  assert.equal(await text(page, 'cost-naive'), '$7.25');
  // Medium: 8,192 reasoning tokens. 10,000 × (500 × $0.25 + (300 + 8,192) × $2) / 1M =
  // 10,000 × ($0.000125 + $0.016984) = $171.09.
  await page.click(byTestId('reasoning-suggest-medium'));
  assert.equal(await page.locator(byTestId('reasoning-tokens')).inputValue(), '8192');
  assert.equal(await text(page, 'cost-naive'), '$171.09');
  // GPT-4 is not a reasoning model: no suggestion.
  await page.selectOption(byTestId('projection-model'), 'gpt-4');
  assert.equal(await page.locator(byTestId('reasoning-suggest')).count(), 0);
  app.assertClean(log);
  await context.close();
});

test('bad reasoning, tool and image values get a message next to their field', async () => {
  const { context, page, log } = await openProjection('/#/projection?v=1');
  await page.fill(byTestId('reasoning-tokens'), '-3');
  assert.equal(await text(page, 'reasoning-tokens-error'), 'Reasoning tokens must be 0 or more, got "-3"');
  assert.equal(await text(page, 'cost-naive'), '—');
  await page.fill(byTestId('reasoning-tokens'), '0');
  await page.fill(byTestId('tool-tokens'), 'lots');
  assert.equal(await text(page, 'tool-tokens-error'), 'Tool-definition tokens must be a whole number, got "lots"');
  await page.fill(byTestId('tool-tokens'), '0');
  assert.equal(await text(page, 'cost-naive'), '$7.25');
  await page.fill(byTestId('image-count'), '1');
  await page.fill(byTestId('image-width'), '0');
  assert.equal(await text(page, 'image-width-error'), 'Image width must be from 1 to 100,000 pixels, got "0"');
  assert.equal(await text(page, 'image-tokens'), '—');
  await page.fill(byTestId('image-count'), 'NaN');
  assert.match(await text(page, 'image-count-error'), /Images per call must be/);
  app.assertClean(log);
  await context.close();
});

test('from the bill, reasoning is part of the derived output and tools of the derived input', async () => {
  // $1,200 for 10,000 calls on GPT-4 at 3:1: an output token with its input costs
  // (3 × $30 + $60) / 1M = $0.00015 → 800 billed output tokens, 2,400 input. 300 of the
  // output are reasoning → a 500-token answer; 400 system + 600 tools of the input → 1,400
  // user tokens. The naive cost is the bill.
  const { context, page, log } = await openProjection(
    '/#/projection?v=1&input-mode=bill&monthly-spend=1200&system-tokens=400&reasoning-tokens=300&tool-tokens=600&projection-model=gpt-4',
  );
  const derivation = page.locator(byTestId('bill-derivation'));
  await derivation.getByText('Of the output, 300 are your reasoning tokens and 500 the answer.').waitFor();
  assert.match(await derivation.innerText(), /800 output \+ 2,400 input tokens; the user message is the input less the parts you know: 1,400 tokens/);
  assert.equal(await text(page, 'cost-naive'), '$1,200.00');
  // More reasoning than the bill's output: the projection says why.
  await page.fill(byTestId('reasoning-tokens'), '900');
  await page.getByText('the reasoning tokens (900) are more than the 800 output tokens per call that the bill implies').waitFor();
  app.assertClean(log);
  await context.close();
});
