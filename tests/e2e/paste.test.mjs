// Real pastes (the clipboard and Control+V, as a person pastes) into the Tokens view of a
// text that does not repeat (tests/e2e/paste-corpus.mjs: files on the machine, none written
// for these tests), issue #21: the exact count, the box and its preview on either side of
// the box's limit, the text kept across a change of view, and editing after a paste.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, startApp } from './harness.mjs';
import { corpus, prefixOf } from './paste-corpus.mjs';

/** The box's limit (BOX_LIMIT in src/ui/views/tokens/mod.rs). */
const BOX_LIMIT = 32 * 1024;

let app;
let text;
let encode;

before(async () => {
  app = await startApp();
  text = corpus(1_100_000);
  ({ encode } = await import('gpt-tokenizer/encoding/o200k_base'));
});

after(async () => {
  await app?.stop();
});

const count = (value) => encode(value, { disallowedSpecial: new Set() }).length;

/** Opens the Tokens view with the clipboard allowed, once its tokenizer counts. */
async function openTokens() {
  const opened = await app.open('/#/tokens', { permissions: ['clipboard-read', 'clipboard-write'] });
  await opened.page.fill(byTestId('token-input'), 'warm up');
  await opened.page.locator(byTestId('token-count')).getByText(/^2$/).waitFor();
  await opened.page.fill(byTestId('token-input'), '');
  return opened;
}

/** Puts `value` on the clipboard and pastes it into the text box with Control+V. */
async function paste(page, value) {
  await page.evaluate((value) => navigator.clipboard.writeText(value), value);
  await page.locator(byTestId('token-input')).focus();
  await page.keyboard.press('Control+V');
}

/** Waits until the token count shows `want`. */
async function countShows(page, want, timeout = 60_000) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="token-count"]').textContent.replace(/,/g, '') === String(want),
    want,
    { timeout },
  );
}

async function go(page, view) {
  await page.click(byTestId(`nav-${view}`));
  await page.locator(byTestId(`view-${view}`)).waitFor();
}

// Regression (issue #21): a 1 MB paste went through the text box (its limit was 1 MiB),
// which spent 1–3 s shaping, laying out and painting it before and while it was counted.
test('a 1 MB paste stays out of the box, is counted exactly, and survives a change of view', async () => {
  const { context, page, log } = await openTokens();
  const pasted = prefixOf(text, 1_000_000);
  const bytes = Buffer.byteLength(pasted);
  assert.ok(bytes > 990_000 && bytes <= 1_000_000, `${bytes} bytes`);
  const expected = count(pasted);
  await paste(page, pasted);
  await countShows(page, expected);
  assert.equal(await page.locator(byTestId('byte-count')).innerText(), bytes.toLocaleString('en-US'));
  assert.equal(await page.locator(byTestId('char-count')).innerText(), [...pasted].length.toLocaleString('en-US'));
  // The box holds a read-only preview of the start; the note offers the whole text.
  const box = page.locator(byTestId('token-input'));
  const shown = await box.inputValue();
  assert.ok(Buffer.byteLength(shown) < 20_000, `${Buffer.byteLength(shown)} bytes in the box`);
  assert.ok(pasted.startsWith(shown.replace(/\n…$/, '')), 'the preview is the start of the text');
  assert.equal(await box.evaluate((element) => element.readOnly), true);
  assert.match(await page.locator(byTestId('large-text-note')).innerText(), new RegExp(`This text is ${bytes.toLocaleString('en-US')} bytes`));
  await page.locator(byTestId('large-text-note')).getByRole('button', { name: 'Put it all in the box (slow)' }).waitFor();

  await go(page, 'models');
  await go(page, 'tokens');
  await page.locator(byTestId('large-text-note')).waitFor();
  await countShows(page, expected);
  assert.equal(await page.locator(byTestId('byte-count')).innerText(), bytes.toLocaleString('en-US'));
  app.assertClean(log);
  await context.close();
});

test("a long paste into the box shown while the view's code downloads goes to the text, whole", async () => {
  const context = await app.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/split_tokens.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(app.server.origin + '/');
  const box = page.locator(byTestId('token-input'));
  await box.waitFor();
  assert.equal(await page.locator(byTestId('view-tokens')).count(), 0, 'the view is not in yet');
  await box.fill('Before: ');
  const pasted = prefixOf(text.slice(300_000), 100_000);
  await paste(page, pasted);
  // The box shows the start, read-only, as the view will.
  assert.equal(await box.evaluate((element) => element.readOnly), true);
  assert.ok((await box.inputValue()).length < 10_000);
  release();
  await page.locator(byTestId('view-tokens')).waitFor();
  const whole = `Before: ${pasted}`;
  await countShows(page, count(whole));
  assert.equal(await page.locator(byTestId('byte-count')).innerText(), Buffer.byteLength(whole).toLocaleString('en-US'));
  await page.locator(byTestId('large-text-note')).waitFor();
  assert.ok(whole.startsWith((await box.inputValue()).replace(/\n…$/, '')), 'the preview is the start of the text');
  await context.close();
});

test('a paste within the box stays editable; one that takes the text past the limit joins it at the caret', async () => {
  const { context, page, log } = await openTokens();
  const box = page.locator(byTestId('token-input'));
  // Within the limit: the browser pastes into the box, and typing goes on as usual.
  const first = prefixOf(text.slice(200_000), 20_000);
  await paste(page, first);
  await countShows(page, count(first));
  assert.equal(await box.inputValue(), first);
  assert.equal(await box.evaluate((element) => element.readOnly), false);
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' and a few words typed after the paste 🔥');
  const edited = `${first} and a few words typed after the paste 🔥`;
  await countShows(page, count(edited));
  assert.equal(await box.inputValue(), edited);
  assert.equal(await page.locator(byTestId('large-text-note')).count(), 0);
  // A second paste at the start that takes the text over the limit: the whole text goes to
  // the count, in order, and the box shows its preview.
  const second = prefixOf(text.slice(400_000), 20_000);
  await page.keyboard.press('Control+Home');
  await paste(page, second);
  const joined = `${second}${edited}`;
  assert.ok(Buffer.byteLength(joined) > BOX_LIMIT);
  await countShows(page, count(joined));
  await page.locator(byTestId('large-text-note')).waitFor();
  assert.equal(await page.locator(byTestId('byte-count')).innerText(), Buffer.byteLength(joined).toLocaleString('en-US'));
  assert.equal(await box.evaluate((element) => element.readOnly), true);
  // The whole text can still be put in the box and edited there.
  await page.locator(byTestId('large-text-note')).getByRole('button', { name: 'Put it all in the box (slow)' }).click();
  assert.equal(await box.inputValue(), joined);
  await box.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' end');
  await countShows(page, count(`${joined} end`));
  app.assertClean(log);
  await context.close();
});
