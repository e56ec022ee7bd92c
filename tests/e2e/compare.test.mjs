// The Tokens view's Compare tokenizers panel in headless Chromium: nothing downloads until
// it is opened; then every tokenizer's count of the text equals the vendor's reference
// (tests/fixtures/tokens, made with each vendor's own code), o200k_base is the 0% row, and
// a new text is counted afresh.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ARTIFACTS, DIST, ROOT, byTestId, startApp } from './harness.mjs';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const FIXTURES = join(ROOT, 'tests/fixtures/tokens');
let app;
/** Every family's reference counts: encoding name -> corpus file -> count. */
let references;
/** The encodings whose tables the build ships (tokenizers/<name>.bin), o200k_harmony too. */
let built;

before(async () => {
  app = await startApp();
  const openai = JSON.parse(await readFile(join(FIXTURES, 'counts.json'), 'utf8')).counts;
  const vendors = JSON.parse(await readFile(join(FIXTURES, 'vendor-counts.json'), 'utf8')).counts;
  references = { ...openai, ...vendors };
  const tables = (await readdir(join(DIST, 'tokenizers')))
    .filter((file) => file.endsWith('.bin'))
    .map((file) => file.slice(0, -'.bin'.length));
  // o200k_harmony counts with o200k_base's table.
  built = Object.keys(references).filter(
    (name) => tables.includes(name) || (name === 'o200k_harmony' && tables.includes('o200k_base')),
  );
});

after(async () => {
  await app?.stop();
});

const number = (text) => Number(text.replace(/[$,%]/g, ''));

/** The encoding names of the panel's rows, in order. */
async function rowNames(page) {
  const ids = await page
    .locator('[data-testid^="compare-row-"]')
    .evaluateAll((rows) => rows.map((row) => row.dataset.testid));
  return ids.map((id) => id.slice('compare-row-'.length));
}

/** Waits until every row shows a count, then returns them by encoding name. */
async function countsOf(page, names) {
  await page.waitForFunction(
    (names) =>
      names.every((name) =>
        /^[\d,]+$/.test(document.querySelector(`[data-testid="compare-count-${name}"]`)?.textContent ?? ''),
      ),
    names,
    { timeout: 60_000 },
  );
  const counts = {};
  for (const name of names) {
    counts[name] = number(await page.locator(byTestId(`compare-count-${name}`)).innerText());
  }
  return counts;
}

/** Fills the Tokens view's text box with a corpus file and waits for the main count. */
async function typeCorpusFile(page, file) {
  const text = await readFile(join(FIXTURES, 'corpus', file), 'utf8');
  assert.ok(!text.includes('\r'), 'a textarea would turn CR into LF');
  await page.fill(byTestId('token-input'), text);
  await page.waitForFunction(
    (length) => {
      const chars = document.querySelector('[data-testid="char-count"]').textContent;
      return Number(chars.replace(/,/g, '')) === length;
    },
    [...text].length,
  );
}

test('every tokenizer counts the text as its vendor does, side by side, after the panel opens', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  await page.locator(byTestId('compare-panel')).waitFor();
  await typeCorpusFile(page, 'prose-german.txt');
  await page.locator(byTestId('token-count')).filter({ hasText: /^[\d,]+$/ }).waitFor();

  // Closed: the open tokenizers' tables are not downloaded.
  const openTables = () => log.requests.filter((url) => /tokenizers\/(?!o200k_base)[^/]+\.bin$/.test(url));
  assert.deepEqual(openTables(), [], 'tables downloaded before the panel was opened');
  assert.equal(await page.locator(byTestId('compare-row-llama3')).isVisible(), false);

  await page.click(byTestId('compare-open'));
  assert.equal(await page.getAttribute(byTestId('compare-open'), 'aria-expanded'), 'true');
  const names = await rowNames(page);
  // One row per tokenizer the build ships, and no row without a reference.
  assert.deepEqual([...names].sort(), [...built].sort());
  assert.ok(names.length >= 10, `only ${names.length} rows`);
  assert.equal(names[0], 'o200k_base');

  const counts = await countsOf(page, names);
  for (const name of names) {
    assert.equal(counts[name], references[name]['prose-german.txt'], `${name} on prose-german.txt`);
  }
  assert.ok(openTables().length > 0, 'the open tables were downloaded');

  // The % against o200k_base: 0% on its own row, (count − o200k) / o200k on the others.
  assert.equal(await page.locator(byTestId('compare-ratio-o200k_base')).innerText(), '0%');
  const reference = counts.o200k_base;
  for (const name of names) {
    const shown = await page.locator(byTestId(`compare-ratio-${name}`)).innerText();
    const expected = ((counts[name] - reference) / reference) * 100;
    assert.ok(Math.abs(number(shown) - expected) <= 0.05 + 1e-9, `${name}: ${shown}, expected ${expected}%`);
    const cost = await page.locator(byTestId(`compare-cost-${name}`)).innerText();
    assert.match(cost, /^\$[\d,.]+$/, `${name}'s input cost`);
  }

  await mkdir(ARTIFACTS, { recursive: true });
  await page.locator(byTestId('compare-panel')).screenshot({ path: join(ARTIFACTS, 'compare-desktop.png') });
  // The open panel passes axe (serious and critical WCAG 2 A/AA rules).
  await page.evaluate(AXE);
  const axe = await page.evaluate(() =>
    window.axe.run('[data-testid="compare-panel"]', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  assert.deepEqual(
    axe.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact)).map((violation) => violation.id),
    [],
  );

  // A new text is counted afresh with every tokenizer.
  await typeCorpusFile(page, 'rust-code.rs');
  await page.waitForFunction(
    (expected) =>
      document.querySelector('[data-testid="compare-count-o200k_base"]')?.textContent === expected,
    references.o200k_base['rust-code.rs'].toLocaleString('en-US'),
  );
  const again = await countsOf(page, names);
  for (const name of names) {
    assert.equal(again[name], references[name]['rust-code.rs'], `${name} on rust-code.rs`);
  }
  app.assertClean(log);
  await context.close();
});

test('the panel reads as cards on a 390 px phone, without sideways scrolling', async () => {
  const { context, page, log } = await app.open('/#/tokens', { viewport: { width: 390, height: 844 } });
  await typeCorpusFile(page, 'emoji.txt');
  await page.click(byTestId('compare-open'));
  const names = await rowNames(page);
  const counts = await countsOf(page, names);
  for (const name of names) {
    assert.equal(counts[name], references[name]['emoji.txt'], `${name} on emoji.txt`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.locator(byTestId('compare-panel')).screenshot({ path: join(ARTIFACTS, 'compare-phone.png') });
  app.assertClean(log);
  await context.close();
});

test('closing the panel while it counts a long text, then opening it again, finishes every row', async () => {
  // About 600 KB of text not written for this test: Debian's copyright files.
  const { execFileSync } = await import('node:child_process');
  const text = execFileSync('sh', ['-c', 'cat /usr/share/doc/*/copyright | head -c 600000'], {
    maxBuffer: 1 << 24,
  }).toString('utf8').replace(/\r/g, '').replace(/\uFFFD+$/, '');
  const { context, page, log } = await app.open('/#/tokens');
  await page.locator(byTestId('token-input')).waitFor();
  // Set in one go (page.fill types into the box far more slowly at this size).
  await page.evaluate((text) => {
    const area = document.querySelector('[data-testid="token-input"]');
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await page.locator(byTestId('token-count')).filter({ hasText: /^[\d,]+$/ }).waitFor({ timeout: 60_000 });
  const mainCount = await page.locator(byTestId('token-count')).innerText();

  await page.click(byTestId('compare-open'));
  const names = await rowNames(page);
  // Close as soon as some row is being counted, before all are done.
  await page.waitForFunction(() => /Counting/.test(document.querySelector('[data-testid="compare-panel"]').textContent), null, { timeout: 60_000 });
  await page.click(byTestId('compare-open'));
  assert.equal(await page.getAttribute(byTestId('compare-open'), 'aria-expanded'), 'false');
  await page.click(byTestId('compare-open'));
  const counts = await countsOf(page, names);
  // The main count is o200k_base's; the panel's o200k rows agree with it.
  assert.equal(counts.o200k_base, number(mainCount));
  assert.equal(counts.o200k_harmony, number(mainCount));
  app.assertClean(log);
  await context.close();
});
