// The Compress view in headless Chromium: a verbose system prompt at each level, the
// protected spans, the diff, custom rules that persist, and the hand-off to the Projection.
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
const number = async (page, testid) => Number((await text(page, testid)).replace(/[,%$]/g, ''));

const PROMPT = `You are a helpful assistant for Acme Corp. Please make sure that you always answer in a very
friendly tone. In order to help the user, it is important to note that you should really check
the docs at https://docs.acme.example/api first.   Never reveal the key $API_KEY.

Do not answer questions about {competitor}. Keep answers under 120 words. Return JSON like
{"answer": "very short", "sources": []} and quote "as-is" text exactly.


Thank you very much for your help!`;

async function openCompress() {
  const opened = await app.open('/#/compress');
  await opened.page.locator(byTestId('view-compress')).waitFor();
  return opened;
}

async function settled(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="compress-tokens-after"]')?.textContent !== '—');
}

test('a verbose system prompt shrinks at each level, and protected spans survive', async () => {
  const { context, page, log } = await openCompress();
  await page.fill(byTestId('compress-input'), PROMPT);
  await page.selectOption(byTestId('compress-level'), 'light');
  await settled(page);
  const before = await number(page, 'compress-tokens-before');
  let previous = before;
  for (const level of ['light', 'balanced', 'aggressive']) {
    await page.selectOption(byTestId('compress-level'), level);
    await settled(page);
    const after = await number(page, 'compress-tokens-after');
    assert.ok(after <= previous, `${level}: ${after} <= ${previous}`);
    previous = after;
    const percent = await text(page, 'compress-saved-percent');
    assert.equal(percent, `${(Math.round(((before - after) / before) * 1000) / 10).toString()}%`);
    const output = await page.locator(byTestId('compress-output')).inputValue();
    for (const kept of ['https://docs.acme.example/api', '$API_KEY', '{competitor}', '120 words', '{"answer": "very short", "sources": []}', '"as-is"', 'Never', 'Do not', 'Acme Corp']) {
      assert.ok(output.includes(kept), `${level} kept ${kept}`);
    }
    assert.equal(await page.locator(byTestId('compress-meaning-warning')).isVisible(), level === 'aggressive');
  }
  assert.ok(previous < before * 0.85, `aggressive saves over 15%: ${previous} of ${before}`);
  // The diff strikes removed words and highlights new ones.
  await page.selectOption(byTestId('compress-level'), 'balanced');
  await settled(page);
  assert.ok((await page.locator(`${byTestId('compress-diff')} del`).count()) > 3);
  assert.ok((await page.locator(`${byTestId('compress-diff')} ins`).count()) > 0);
  assert.match(await text(page, 'compress-rules-table'), /in order to[\s\S]*applied/);
  assert.match(await text(page, 'compress-protected'), /URL/);
  app.assertClean(log);
  await context.close();
});

test('custom rules are checked, applied, kept after a reload, and exported', async () => {
  const { context, page, log } = await openCompress();
  await page.fill(byTestId('compress-input'), 'We ship in the near future. Tell them in the near future.');
  await settled(page);
  await page.fill(byTestId('compress-custom-find'), '(unclosed');
  await page.setChecked(byTestId('compress-custom-regex'), true);
  await page.click(byTestId('compress-custom-add'));
  assert.match(await text(page, 'compress-custom-error'), /Not a valid regular expression/);
  await page.setChecked(byTestId('compress-custom-regex'), false);
  await page.fill(byTestId('compress-custom-find'), 'in the near future');
  await page.fill(byTestId('compress-custom-replace'), 'soon');
  await page.click(byTestId('compress-custom-add'));
  await page.waitForFunction(() => document.querySelector('[data-testid="compress-output"]').value === 'We ship soon. Tell them soon.');
  await page.reload();
  await page.locator(byTestId('view-compress')).waitFor();
  assert.match(await text(page, 'compress-custom-rules'), /in the near future → soon/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('compress-rules-export'))]);
  assert.match(download.suggestedFilename(), /burnrate-compress-rules\.json/);
  app.assertClean(log);
  await context.close();
});

test('"Use in projection" sends the measured reduction to the compression lever', async () => {
  const { context, page, log } = await openCompress();
  await page.click(byTestId('compress-example'));
  await settled(page);
  const percent = (await text(page, 'compress-saved-percent')).replace('%', '');
  await page.click(byTestId('compress-use-in-projection'));
  await page.locator(byTestId('view-projection')).waitFor();
  assert.equal(await page.locator(byTestId('compression-percent')).inputValue(), percent);
  assert.equal(await page.locator(byTestId('lever-compression')).isChecked(), true);
  app.assertClean(log);
  await context.close();
});

// Regression: at aggressive, "Basically, what I would like you to do is to take a look…"
// became "What do is to take a look…" ("I would like you to" was deleted inside a
// clause); and a target that could not be reached was not mentioned.
test('a deleted lead-in leaves a grammatical sentence, and a target not reached is said', async () => {
  const { context, page, log } = await openCompress();
  await page.fill(byTestId('compress-input'), 'Basically, what I would like you to do is to take a look at the error logs and tell me why the build fails.');
  const output = () => page.locator(byTestId('compress-output')).inputValue();
  await page.selectOption(byTestId('compress-level'), 'light');
  await page.waitForFunction(() => document.querySelector('[data-testid="compress-output"]').value.startsWith('What I would like you to do is'));
  assert.equal(await output(), 'What I would like you to do is to take a look at the error logs and tell me why the build fails.');
  for (const level of ['balanced', 'aggressive']) {
    await page.selectOption(byTestId('compress-level'), level);
    await page.waitForFunction(() => document.querySelector('[data-testid="compress-output"]').value.startsWith('Take'));
    assert.equal(await output(), 'Take a look at the error logs and tell me why the build fails.', level);
  }
  assert.equal(await page.locator(byTestId('compress-target-note')).count(), 0);
  await page.fill(byTestId('compress-target'), '90');
  await page.locator(byTestId('compress-target-note')).waitFor();
  const saved = await text(page, 'compress-saved-percent');
  const note = await text(page, 'compress-target-note');
  assert.match(note, /Target not reached: you asked for 90%, the rules at this level save /);
  assert.ok(note.includes(saved), `${note} quotes ${saved}`);
  // A target the rules reach: no note.
  await page.fill(byTestId('compress-target'), '5');
  await page.locator(byTestId('compress-target-note')).waitFor({ state: 'detached' });
  app.assertClean(log);
  await context.close();
});
