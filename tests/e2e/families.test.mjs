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
