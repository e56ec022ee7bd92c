// Every open tokenizer family counts exactly through the Tokens view, against the counts
// that each vendor's own code gives (tests/fixtures/tokens/vendor-counts.json); a model's
// choice selects its tokenizer; the context-window check warns when a call does not fit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, byTestId, startApp } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests/fixtures/tokens');
// The option values issue #15 gives; tests outside this repository select them.
const FAMILIES = ['llama3', 'llama4', 'mistral-tekken', 'mistral-v3', 'qwen3', 'deepseek-v3', 'gemma3'];
let app;
let references;

before(async () => {
  app = await startApp();
  references = JSON.parse(await readFile(join(FIXTURES, 'vendor-counts.json'), 'utf8')).counts;
});

after(async () => {
  await app?.stop();
});

const number = (text) => Number(text.replace(/[$,]/g, ''));

/** Fills the text and waits for the count of this text with the selected encoding. */
async function countOf(page, text) {
  await page.fill(byTestId('token-input'), text);
  await page.waitForFunction(() => {
    const input = document.querySelector('[data-testid="token-input"]');
    const chars = document.querySelector('[data-testid="char-count"]').textContent;
    const count = document.querySelector('[data-testid="token-count"]').textContent;
    return Number(chars.replace(/,/g, '')) === [...input.value].length && /^[\d,]+$/.test(count);
  }, null, { timeout: 60_000 });
  return number(await page.locator(byTestId('token-count')).innerText());
}

test('every open family is offered and counts exactly as its vendor does, through the UI', { timeout: 600_000 }, async () => {
  const { context, page, log } = await app.open('/#/tokens');
  const offered = await page.locator(`${byTestId('encoding-select')} option`).evaluateAll(
    (options) => options.map((option) => option.value),
  );
  for (const family of FAMILIES) {
    assert.ok(offered.includes(family), `encoding-select offers ${family} (it offers ${offered})`);
  }
  for (const family of FAMILIES) assert.ok(references[family], `vendor-counts.json has ${family}`);
  // Each file is typed once and counted in every family: `token-count` says by its
  // `data-encoding` which encoding its number is from.
  const files = Object.keys(references[FAMILIES[0]]);
  let compared = 0;
  for (const file of files) {
    const text = await readFile(join(FIXTURES, 'corpus', file), 'utf8');
    // A textarea turns CRLF into LF; the native tests cover the files with CR.
    if (text.includes('\r')) continue;
    await page.fill(byTestId('token-input'), text);
    for (const family of FAMILIES) {
      await page.selectOption(byTestId('encoding-select'), family);
      await page.waitForFunction((family) => {
        const input = document.querySelector('[data-testid="token-input"]');
        const chars = document.querySelector('[data-testid="char-count"]').textContent;
        const count = document.querySelector('[data-testid="token-count"]');
        return Number(chars.replace(/,/g, '')) === [...input.value].length
          && count.dataset.encoding === family && /^[\d,]+$/.test(count.textContent);
      }, family, { timeout: 60_000 });
      const count = number(await page.locator(byTestId('token-count')).innerText());
      assert.equal(count, references[family][file], `${family} on ${file}`);
      compared += 1;
    }
  }
  assert.ok(compared >= 15 * FAMILIES.length, `compared ${compared} counts`);
  app.assertClean(log);
  await context.close();
});

test('the context window check warns on gpt-4 (8k) and not on a 1M-token model', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  await page.selectOption(byTestId('model-select'), 'gpt-4');
  // About 9,000 tokens of text nobody wrote for this test: the GPL's prose, repeated.
  const prose = await readFile(join(FIXTURES, 'corpus', 'gpl3-prose.txt'), 'utf8');
  const text = Array(7).fill(prose).join('\n');
  const tokens = await countOf(page, text);
  assert.ok(tokens > 8192, `${tokens} tokens`);
  await page.fill(byTestId('expected-output-tokens'), '500');
  const over = await page.locator(byTestId('context-fit')).innerText();
  assert.match(over, /Does not fit/);
  assert.match(over, /8,192/);
  assert.match(over, new RegExp(`by ${(tokens - 8192).toLocaleString('en-US')}`));
  // The text alone fits, the output does not: a shorter text.
  const short = await countOf(page, Array(6).fill(prose).join('\n'));
  assert.ok(short < 8192, `${short} tokens`);
  await page.fill(byTestId('expected-output-tokens'), String(8192 - short + 1));
  assert.match(await page.locator(byTestId('context-fit')).innerText(), /plus the expected output .* over .* by 1\b/);
  await page.fill(byTestId('expected-output-tokens'), String(8192 - short));
  assert.match(await page.locator(byTestId('context-fit')).innerText(), /100\.0%\); 0 tokens to spare/);
  await page.selectOption(byTestId('model-select'), 'gpt-4.1');
  const fits = await page.locator(byTestId('context-fit')).innerText();
  assert.doesNotMatch(fits, /Does not fit/);
  assert.match(fits, /1,000,000-token context window/);
  app.assertClean(log);
  await context.close();
});

test('choosing a model selects its tokenizer; an estimate shows a range and can be calibrated', async () => {
  const catalog = JSON.parse(await readFile(join(ROOT, 'public/prices/catalog.json'), 'utf8')).models;
  const { context, page, log } = await app.open('/#/tokens');
  // Each model's tokenizer, as the catalog gives it (scripts/update-prices' rule).
  for (const id of ['deepseek-chat', 'gemini-2.5-flash', 'codestral-2508', 'mistral-7b', 'gpt-4', 'claude-sonnet-4-5']) {
    const model = catalog.find((m) => m.id === id);
    assert.ok(model, `${id} is in the catalog`);
    await page.selectOption(byTestId('model-select'), id);
    const expected = model.tokenizer === 'estimate' ? 'o200k_base' : model.tokenizer;
    assert.equal(await page.inputValue(byTestId('encoding-select')), expected, id);
    assert.equal(await page.locator(byTestId('token-estimate')).count(), model.tokenizer === 'estimate' ? 1 : 0, id);
  }
  // Regression: an encoding chosen by hand, then a model with another tokenizer, then a
  // model with the hand-chosen one left the menu showing the second model's encoding
  // while the count was the third's.
  await page.selectOption(byTestId('encoding-select'), 'mistral-v3');
  await page.selectOption(byTestId('model-select'), 'deepseek-chat');
  assert.equal(await page.inputValue(byTestId('encoding-select')), 'deepseek-v3');
  await page.selectOption(byTestId('model-select'), 'mistral-7b');
  assert.equal(await page.inputValue(byTestId('encoding-select')), 'mistral-v3');
  assert.equal(await page.locator(byTestId('encoding-mismatch')).count(), 0);
  // A model counted with another model's tokenizer says so.
  await page.selectOption(byTestId('model-select'), 'gpt-4');
  await page.selectOption(byTestId('encoding-select'), 'llama3');
  assert.match(await page.locator(byTestId('encoding-mismatch')).innerText(), /Counted with llama3, not .*'s own tokenizer \(cl100k_base\)/);
  await page.click(`${byTestId('encoding-mismatch')} button`);
  assert.equal(await page.inputValue(byTestId('encoding-select')), 'cl100k_base');
  await page.selectOption(byTestId('model-select'), 'claude-sonnet-4-5');
  // Claude: an estimate, with a range around the o200k_base count.
  const prose = await readFile(join(FIXTURES, 'corpus', 'gpl3-prose.txt'), 'utf8');
  const tokens = await countOf(page, prose);
  const range = await page.locator(byTestId('token-estimate-range')).innerText();
  const [, low, high] = range.match(/likely ([\d,]+)–([\d,]+) \(prose\)/) ?? [];
  assert.ok(low && high, range);
  assert.ok(number(low) <= tokens && tokens < number(high), `${range} around ${tokens}`);
  // Calibration: refused input is said next to the field; a reported count is kept.
  await page.click(`${byTestId('calibration-panel')} summary`);
  await page.fill(byTestId('calibration-reported'), '-5');
  await page.click(byTestId('calibration-add'));
  assert.match(await page.locator(byTestId('calibration-error')).innerText(), /whole number/);
  await page.fill(byTestId('calibration-reported'), String(tokens * 40));
  await page.click(byTestId('calibration-add'));
  assert.match(await page.locator(byTestId('calibration-error')).innerText(), /more than 4 times off/);
  const reported = Math.round(tokens * 1.2);
  await page.fill(byTestId('calibration-reported'), reported.toLocaleString('en-US'));
  await page.click(byTestId('calibration-add'));
  assert.equal(await page.locator(byTestId('calibration-error')).innerText(), '');
  assert.match(await page.locator(byTestId('token-calibrated')).innerText(), new RegExp(`${reported.toLocaleString('en-US')} tokens`));
  // The cost uses the calibrated count: reported × input price + 500 × output price.
  const claude = catalog.find((m) => m.id === 'claude-sonnet-4-5');
  await page.fill(byTestId('expected-output-tokens'), '500');
  const cost = number(await page.locator(byTestId('cost-per-call')).innerText());
  const expected = (reported * claude.input + 500 * claude.output) / 1e6;
  assert.ok(Math.abs(cost - expected) <= 0.005, `${cost} for ${expected}`);
  // Kept across a reload; exported; forgotten; imported back.
  await page.reload();
  await countOf(page, prose);
  assert.match(await page.locator(byTestId('token-calibrated')).innerText(), /calibrated/);
  await page.click(`${byTestId('calibration-panel')} summary`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('calibration-export'))]);
  const exported = await readFile(await download.path(), 'utf8');
  assert.deepEqual(JSON.parse(exported).models['claude-sonnet-4-5'].samples, [{ counted: tokens, reported }]);
  await page.click(byTestId('calibration-clear'));
  assert.equal(await page.locator(byTestId('token-calibrated')).count(), 0);
  await page.setInputFiles(byTestId('calibration-import'), { name: 'calibration.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await page.locator(byTestId('token-calibrated')).waitFor();
  assert.match(await page.locator(byTestId('calibration-status')).innerText(), /Imported the calibrations of 1 model/);
  await page.setInputFiles(byTestId('calibration-import'), { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "burnrate-calibration", "version": 9}') });
  await page.waitForFunction(() => /could not be read/.test(document.querySelector('[data-testid="calibration-status"]').textContent));
  // A refused file leaves the calibration as it was.
  assert.match(await page.locator(byTestId('token-calibrated')).innerText(), /calibrated/);
  app.assertClean(log);
  await context.close();
});
