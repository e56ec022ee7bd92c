// The About and licences page (#/about) in headless Chromium: reached from the footer, it
// lists every tokenizer the build ships with a working link to each licence and notice file
// in dist/tokenizers/ (and none is left out), shows what the Llama and Gemma terms require,
// and names the price data's source as public/prices/catalog.json does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ARTIFACTS, DIST, ROOT, SUB_PATH, byTestId, startApp } from './harness.mjs';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let app;
let catalog;
/** The files of dist/tokenizers/ (names only). */
let shipped;

before(async () => {
  app = await startApp();
  catalog = JSON.parse(await readFile(join(ROOT, 'public/prices/catalog.json'), 'utf8'));
  shipped = await readdir(join(DIST, 'tokenizers'));
});

after(async () => {
  await app?.stop();
});

test('the footer leads to the About page, which lists every shipped tokenizer and links every licence file', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  await page.click(byTestId('footer-about'));
  await page.locator(byTestId('view-about')).waitFor();
  assert.equal(new URL(page.url()).hash, '#/about');
  assert.equal(await page.title(), 'About and licences · Burnrate');
  // It is not a view: no navigation link is current.
  assert.equal(await page.locator('nav [aria-current="page"]').count(), 0);

  // A row per table the build ships (o200k_harmony shares o200k_base's).
  const rows = await page
    .locator(`${byTestId('about-licences')} [data-testid^="about-licence-"]`)
    .evaluateAll((rows) => rows.map((row) => row.dataset.testid.slice('about-licence-'.length)));
  const tables = shipped.filter((file) => file.endsWith('.bin')).map((file) => file.slice(0, -4));
  for (const table of tables) assert.ok(rows.includes(table), `no row for ${table}`);
  assert.ok(rows.includes('o200k_harmony'));

  // Every licence or notice file in dist/tokenizers/ is linked, and every link is a file of
  // the build with the same bytes.
  const hrefs = await page
    .locator(`${byTestId('about-licences')} a`)
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  const licenceFiles = shipped.filter((file) => !file.endsWith('.bin'));
  assert.ok(licenceFiles.length >= 10, `only ${licenceFiles.length} licence files in dist/tokenizers`);
  for (const file of licenceFiles) {
    assert.ok(hrefs.includes(`tokenizers/${file}`), `tokenizers/${file} is not linked`);
  }
  for (const href of hrefs) {
    assert.match(href, /^tokenizers\/[^/]+$/, 'a link that leaves the build');
    const served = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { ok: response.ok, text: await response.text() };
    }, href);
    assert.ok(served.ok, `${href} is not served`);
    assert.equal(served.text, await readFile(join(DIST, href), 'utf8'), href);
  }
  app.assertClean(log);
  await context.close();
});

test('the Llama and Gemma terms are followed: Built with Llama, the licence text, the notices', async () => {
  const { context, page, log } = await app.open('/#/about');
  await page.locator(byTestId('view-about')).waitFor();
  const builtWith = await page.locator(byTestId('about-built-with')).innerText();
  assert.match(builtWith, /Built with Llama/);
  assert.match(builtWith, /Built with Meta Llama 3/);
  assert.ok(await page.locator(byTestId('about-built-with')).isVisible());

  for (const family of ['llama3', 'llama4']) {
    const row = page.locator(byTestId(`about-licence-${family}`));
    const notice = (await readFile(join(ROOT, `crates/tokenizer/licences/${family}/NOTICE`), 'utf8')).trim();
    assert.ok((await row.innerText()).includes(notice), `${family}'s attribution notice is not shown`);
    // The licence text itself, unfolded from the row.
    await row.locator('summary', { hasText: `${family}.LICENSE` }).click();
    const licence = await readFile(join(DIST, `tokenizers/${family}.LICENSE`), 'utf8');
    await row.locator('pre').first().waitFor();
    assert.equal(await row.locator('pre').first().textContent(), licence);
  }
  // Gemma's notice, once its tokenizer ships (another change adds it).
  if (shipped.includes('gemma3.bin')) {
    const row = await page.locator(byTestId('about-licence-gemma3')).innerText();
    assert.match(row, /Gemma is provided under and subject to the Gemma Terms of Use found at ai\.google\.dev\/gemma\/terms/);
  }
  // The MIT text of tiktoken, tiktoken-rs and Burnrate is on the page.
  assert.match(await page.locator(byTestId('view-about')).textContent(), /Permission is hereby granted, free of charge/);
  app.assertClean(log);
  await context.close();
});

test('the price data source and date are the catalog file’s', async () => {
  const { context, page, log } = await app.open(`${SUB_PATH}#/about`);
  const source = await page.locator(byTestId('about-prices-source')).innerText();
  for (const part of [catalog.as_of, catalog.source.name, catalog.source.version, catalog.source.license]) {
    assert.ok(source.includes(part), `"${part}" is not in "${source}"`);
  }
  // Under a sub-path too, the licence links resolve to files of the build.
  const served = await page.evaluate(async () => (await fetch('tokenizers/llama3.NOTICE')).status);
  assert.equal(served, 200);
  app.assertClean(log);
  await context.close();
});

test('screenshots: desktop and a 390 px phone, without sideways scrolling', async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ]) {
    const { context, page, log } = await app.open('/#/about', { viewport });
    await page.locator(byTestId('about-licence-llama3')).waitFor();
    await page.locator(byTestId('about-licence-llama3')).locator('summary').first().click();
    await page.locator(`${byTestId('about-licence-llama3')} pre`).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: join(ARTIFACTS, `about-${name}.png`), fullPage: true });
    app.assertClean(log);
    await context.close();
  }
});

for (const scheme of ['light', 'dark']) {
  test(`axe finds no serious or critical violation on the About page, every file unfolded (${scheme})`, async () => {
    const { context, page, log } = await app.open('/#/about', { colorScheme: scheme });
    await page.locator(byTestId('about-licence-llama3')).waitFor();
    const summaries = page.locator('#main details summary');
    for (let index = 0; index < (await summaries.count()); index++) await summaries.nth(index).click();
    await page.waitForFunction(() => !document.querySelector('#main details [role="status"]'));
    await page.evaluate(AXE);
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    );
    const found = result.violations
      .filter((violation) => ['serious', 'critical'].includes(violation.impact))
      .map((violation) => `${violation.id}: ${violation.help} ${violation.nodes.slice(0, 3).map((node) => node.target.join(' '))}`);
    assert.deepEqual(found, []);
    app.assertClean(log);
    await context.close();
  });
}
