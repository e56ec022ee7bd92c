// Charts a person would paste into a planning document (issue #18): at a phone's width
// every chart's text shows at 11 px or more and no chart is wider than its card; hovering
// a bar or point, or focusing the chart and pressing ArrowRight, reads its figures out;
// small money values get distinct ticks; the dark theme draws text in its own colour.
// The usage data is a LiteLLM spend-log export from tests/fixtures (not written for
// these tests).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, byTestId, startApp } from './harness.mjs';

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

const PHONE = { viewport: { width: 375, height: 740 } };
const litellm = () => readFile(join(ROOT, 'tests/fixtures/usage/gateways/litellm-spend-logs.csv'));

/** Opens each view that draws charts and waits for them; returns the number drawn. */
async function openCharts(page, origin, slug) {
  await page.goto(`${origin}/#/${slug}`);
  await page.locator(byTestId(`view-${slug}`)).waitFor();
  if (slug === 'usage') {
    await page.setInputFiles(byTestId('usage-file'), { name: 'litellm-spend-logs.csv', mimeType: 'text/csv', buffer: await litellm() });
    await page.locator(`${byTestId('chart-usage-time')} svg`).waitFor();
  }
  if (slug === 'models') {
    const boxes = page.locator('[data-testid^="model-compare-"]');
    for (let index = 0; index < 3; index++) await boxes.nth(index).check();
    await page.locator(`${byTestId('models-chart')} svg`).waitFor();
  }
  if (slug === 'projection' || slug === 'conversation') await page.locator('.chart-svg svg').first().waitFor();
  await page.waitForTimeout(200);
}

/** Every chart's text size on screen, the SVG's and its card's widths. */
function measureCharts(page) {
  return page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((figure) => {
    const svg = figure.querySelector('.chart-svg svg');
    if (!svg) return null;
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width || box.width / Number(svg.getAttribute('width'));
    const sizes = [...svg.querySelectorAll('text')]
      .filter((text) => text.textContent.trim() !== '')
      .map((text) => ({ text: text.textContent.trim(), px: parseFloat(getComputedStyle(text).fontSize) * scale }));
    const card = figure.getBoundingClientRect();
    return { sizes, svgWidth: box.width, cardWidth: card.width, cardRight: card.right, viewport: innerWidth };
  }).filter(Boolean));
}

test('at 375 px every chart text is at least 11 px and no chart is wider than its card', async () => {
  const { context, page, log } = await app.open('/#/projection', PHONE);
  for (const slug of ['projection', 'conversation', 'usage', 'models']) {
    await openCharts(page, app.server.origin, slug);
    const charts = await measureCharts(page);
    assert.ok(charts.length >= 2 || (slug === 'models' && charts.length === 1), `${slug}: ${charts.length} charts`);
    for (const chart of charts) {
      assert.ok(chart.sizes.length > 5, `${slug}: the chart has text`);
      const small = chart.sizes.filter((size) => size.px < 11);
      assert.deepEqual(small, [], `${slug}: text under 11 px`);
      assert.ok(chart.svgWidth <= chart.cardWidth + 0.5, `${slug}: SVG ${chart.svgWidth} wider than its card ${chart.cardWidth}`);
      assert.ok(chart.cardRight <= chart.viewport + 0.5, `${slug}: card ends at ${chart.cardRight}`);
    }
  }
  app.assertClean(log);
  await context.close();
});

test('hovering a point shows its read-out; the chart is one Tab stop whose arrow keys move it', async () => {
  const { context, page, log } = await app.open('/#/projection');
  const figure = page.locator('figure.chart', { has: page.locator(byTestId('chart-projection')) });
  await figure.locator('svg').waitFor();
  const readout = figure.locator(byTestId('chart-readout'));
  assert.equal(await readout.getAttribute('aria-live'), 'polite');
  // Hover: the fourth month, with its calendar month and figures.
  await figure.locator('[data-i="3"]').hover();
  assert.match(await readout.innerText(), /^Month 4 \([A-Z][a-z]{2} \d{4}\): Baseline per month \$[\d,.]+, Optimized per month \$[\d,.]+, Cumulative savings -?\$[\d,.]+$/);
  // Every point carries an SVG title with the same words.
  assert.match(await figure.locator('[data-i="3"] title').textContent(), /^Month 4 /);
  // Keyboard: one Tab stop (nothing focusable inside), arrows move the read-out.
  assert.equal(await figure.getAttribute('tabindex'), '0');
  assert.equal(await figure.locator('svg [tabindex], svg a').count(), 0);
  assert.match(await figure.getAttribute('aria-label'), /^Over \d+ months the baseline/);
  await figure.focus();
  // Focus keeps the point hovered; the arrows go on from it.
  assert.match(await readout.innerText(), /^Month 4 /);
  await page.keyboard.press('ArrowRight');
  assert.match(await readout.innerText(), /^Month 5 /);
  await page.keyboard.press('Home');
  assert.match(await readout.innerText(), /^Month 1 /);
  await page.keyboard.press('End');
  assert.match(await readout.innerText(), /^Month 12 /);
  await page.keyboard.press('ArrowLeft');
  assert.match(await readout.innerText(), /^Month 11 /);
  // The waterfall's rows read out the same way.
  const waterfall = page.locator('figure.chart', { has: page.locator(byTestId('chart-waterfall')) });
  // The pointer leaves the charts first: where focus scrolls the page, a row that comes
  // under a resting pointer is hovered (and read out) after the key press, on a slow machine.
  await page.mouse.move(0, 0);
  await waterfall.focus();
  // Focus scrolls the page, which can leave the pointer over a row; Home goes to the first.
  await page.keyboard.press('Home');
  assert.match(await waterfall.locator(byTestId('chart-readout')).innerText(), /^Baseline: \$[\d,.]+ a month$/);
  await page.keyboard.press('ArrowRight');
  assert.match(await waterfall.locator(byTestId('chart-readout')).innerText(), /^.+: [−+]\$[\d,.]+ \((saves|adds)\) a month$/);
  // The downloaded SVG stands alone: text in currentColor, no page CSS.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('download-chart-projection'))]);
  const svg = await readFile(await download.path(), 'utf8');
  assert.match(svg, /^<svg[\s\S]*currentColor[\s\S]*<title>Month 1 /);
  assert.doesNotMatch(svg, /var\(--|class="[^"]*"[^>]*style=/);
  app.assertClean(log);
  await context.close();
});

/** The y-axis tick labels of a chart: the money texts that are not value labels. */
const moneyTicks = (page, testid) => page.locator(`${byTestId(testid)} svg text:not(.chart-value)`).evaluateAll(
  (texts) => texts.map((text) => text.textContent.trim()).filter((text) => /^-?\$/.test(text)),
);

// Regression: the Conversation cost chart's y-axis labels all read "0", and a LiteLLM
// log's cost chart's all "0.01": every tick had two decimals, whatever the step.
test('small money values get ticks that differ', async () => {
  const { context, page, log } = await app.open('/#/conversation');
  await openCharts(page, app.server.origin, 'conversation');
  const conversation = await moneyTicks(page, 'chart-conversation-cost');
  assert.ok(conversation.length >= 3, `${conversation}`);
  assert.equal(new Set(conversation).size, conversation.length, `${conversation}`);
  await openCharts(page, app.server.origin, 'usage');
  const usage = await moneyTicks(page, 'chart-usage-time');
  assert.ok(usage.length >= 3, `${usage}`);
  assert.equal(new Set(usage).size, usage.length, `${usage}`);
  // The time axis shows dates and times, not hour numbers.
  const axis = await page.locator(`${byTestId('chart-usage-time')} svg text`).allTextContents();
  assert.ok(axis.some((text) => /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}$/.test(text.trim())), `${axis}`);
  assert.ok(axis.some((text) => /^Hour \(UTC\)$/.test(text.trim())), `${axis}`);
  app.assertClean(log);
  await context.close();
});

test('dark mode draws chart text in its own colour', async () => {
  const colour = async (colorScheme) => {
    const { context, page } = await app.open('/#/projection', { colorScheme });
    await page.locator(`${byTestId('chart-projection')} svg text`).first().waitFor();
    const fill = await page.locator(`${byTestId('chart-projection')} svg text`).first().evaluate((text) => getComputedStyle(text).fill);
    await context.close();
    return fill;
  };
  const [light, dark] = [await colour('light'), await colour('dark')];
  assert.match(light, /^rgb/);
  assert.notEqual(light, dark);
});
