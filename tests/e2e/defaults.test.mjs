// The Projection's defaults (issue #18): the default scenario is the article's support case
// at today's prices and pays back; the article's own example is one preset away; a version-1
// link keeps its meaning, and Copy link writes version 2.
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
/** "$1,234.56", "-$3.00", "506.2%" or "2.5" -> a number; "—" -> NaN. */
const number = (shown) => Number(shown.replace(/[$,%+\s]/g, '').replace(/^-\$/, '-').replace(/−/g, '-'));

async function openProjection(path = '/#/projection', options = {}) {
  const opened = await app.open(path, options);
  await opened.page.locator(byTestId('view-projection')).waitFor();
  await opened.page.locator(byTestId('cost-naive')).getByText('$').waitFor();
  return opened;
}

test('the default scenario shows a saving worth the effort', async () => {
  const { context, page, log } = await openProjection();
  // Worked out by hand in src/formats/scenario/version_tests.rs.
  assert.equal(await text(page, 'cost-naive'), '$1,776.00');
  assert.equal(await text(page, 'cost-baseline'), '$2,486.40');
  assert.equal(await text(page, 'cost-optimized'), '$506.09');
  assert.equal(await text(page, 'savings-monthly'), '$1,980.31');
  const roi = number(await text(page, 'roi-percent'));
  const payback = number(await text(page, 'payback-months'));
  assert.ok(roi > 0, `ROI ${roi}`);
  assert.ok(payback > 0 && payback <= 4, `payback ${payback} months`);
  // Provider prompt caching saves money: the 5,000-token system prompt is above every
  // provider's minimum prefix.
  const promptCache = number(await text(page, 'lever-saving-prompt-cache'));
  assert.ok(promptCache > 0, `prompt caching saves ${promptCache}`);
  assert.equal(await text(page, 'lever-saving-prompt-cache'), '$460.43');
  // Batch is off (replies are live), and each lever says where its default comes from.
  assert.equal(await page.locator(byTestId('lever-batch')).isChecked(), false);
  assert.match(await text(page, 'lever-source-prompt-cache'), /^Source: /);
  // The compression default is a measured 10%, and the lever points to Compress.
  assert.equal(await page.locator(byTestId('compression-percent')).inputValue(), '10');
  const measure = page.locator(byTestId('compression-measure-link'));
  assert.equal(await measure.innerText(), 'Measure yours in Compress');
  assert.equal(await measure.getAttribute('href'), '#/compress');
  app.assertClean(log);
  await context.close();
});

test('the article example preset gives $330 naive and $858 true', async () => {
  const { context, page, log } = await openProjection();
  await page.click(byTestId('preset-article-example'));
  assert.equal(await text(page, 'cost-naive'), '$330.00');
  assert.equal(await text(page, 'cost-baseline'), '$858.00');
  assert.equal(await page.locator(byTestId('projection-model')).inputValue(), 'gpt-4');
  app.assertClean(log);
  await context.close();
});

test('a version-1 link keeps its meaning, and Copy link writes version 2', async () => {
  const { context, page, log } = await openProjection('/#/projection?v=1');
  // Version 1's default scenario: 10,000 calls × (500 + 300) tokens on GPT-5 mini.
  assert.equal(await text(page, 'cost-naive'), '$7.25');
  assert.equal(await text(page, 'cost-baseline'), '$18.85');
  assert.equal(await page.locator(byTestId('projection-model')).inputValue(), 'gpt-5-mini');
  assert.equal(await page.locator(byTestId('compression-percent')).inputValue(), '40');
  assert.equal(await page.locator(byTestId('load-problems')).count(), 0, 'v=1 is a version this reads');
  // A link without `v` meant version 1 as well.
  const bare = await openProjection('/#/projection?calls-per-month=20000');
  assert.equal(await text(bare.page, 'cost-naive'), '$14.50');
  await bare.context.close();

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click(byTestId('share-link'));
  await page.locator(byTestId('share-status')).getByText('Link copied').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /#\/projection\?v=2&/);
  assert.match(copied, /projection-model=gpt-5-mini/);
  // The version-2 link opens the same scenario.
  const again = await openProjection(copied.slice(new URL(copied).origin.length));
  assert.equal(await text(again.page, 'cost-naive'), '$7.25');
  assert.equal(await text(again.page, 'cost-baseline'), '$18.85');
  assert.equal(await again.page.locator(byTestId('load-problems')).count(), 0);
  await again.context.close();
  app.assertClean(log);
  await context.close();
});

test('a scenario kept by a version-1 Burnrate opens as it was', async () => {
  // Regression guard: `burnrate.projection.current` written before version 2 holds a
  // version-1 file; it must open as it was, not on the new defaults.
  const { context, page, log } = await openProjection();
  await page.evaluate(() => {
    localStorage.setItem('burnrate.projection.current', JSON.stringify({
      fields: { 'calls-per-month': '20000' },
      format: 'burnrate-scenario',
      name: 'Current',
      version: 1,
    }));
  });
  await page.reload();
  await page.locator(byTestId('view-projection')).waitFor();
  await page.locator(byTestId('cost-naive')).getByText('$').waitFor();
  // Version 1's defaults but the calls: 20,000 × $0.000725 = $14.50 on GPT-5 mini.
  assert.equal(await text(page, 'cost-naive'), '$14.50');
  assert.equal(await page.locator(byTestId('projection-model')).inputValue(), 'gpt-5-mini');
  // Saved again as version 2.
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('burnrate.projection.current')));
  assert.equal(kept.version, 2);
  app.assertClean(log);
  await context.close();
});
