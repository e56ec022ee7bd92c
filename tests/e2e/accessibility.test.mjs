// Accessibility of every view in headless Chromium: axe-core (npm) finds no serious or
// critical WCAG 2 A/AA violation, in light and dark themes, with each view showing
// results (samples loaded); every form control has a label; the main flows work with the
// keyboard alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { byTestId, startApp } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

/** Each view, and what to do so that it shows results. */
const VIEWS = [
  ['tokens', async (page) => {
    await page.fill(byTestId('token-input'), 'How much does this prompt cost?');
    await page.locator(byTestId('token-count')).getByText(/^\d+$/).waitFor();
  }],
  ['compress', async (page) => {
    await page.click(byTestId('compress-example'));
  }],
  ['projection', async () => {}],
  ['conversation', async () => {}],
  ['cache-routing', async (page) => {
    await page.click(byTestId('cache-sample'));
    await page.click(byTestId('routing-sample'));
    await page.locator(byTestId('cache-exact-hit-rate')).getByText('30%').waitFor();
  }],
  ['usage', async (page) => {
    await page.click(byTestId('usage-sample'));
    await page.locator(byTestId('usage-dashboard')).waitFor();
  }],
  ['models', async () => {}],
];

/** axe's serious and critical violations on the page, as readable lines. */
async function violations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not restrict.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact))
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join('\n    ')}`);
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no serious or critical violation on any view (${scheme})`, async () => {
    const { context, page, log } = await app.open('/#/tokens', { colorScheme: scheme });
    const found = [];
    for (const [view, fill] of VIEWS) {
      await page.evaluate((view) => { location.hash = `#/${view}`; }, view);
      await page.locator(byTestId(`view-${view}`)).waitFor();
      await fill(page);
      await page.evaluate(() => document.querySelectorAll('#main details').forEach((details) => { details.open = true; }));
      for (const line of await violations(page)) found.push(`${view}: ${line}`);
    }
    assert.deepEqual(found, []);
    app.assertClean(log);
    await context.close();
  });
}

test('every form control of every view has a label', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  for (const [view, fill] of VIEWS) {
    await page.evaluate((view) => { location.hash = `#/${view}`; }, view);
    await page.locator(byTestId(`view-${view}`)).waitFor();
    await fill(page);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('#main :is(input, select, textarea, button)')]
        .filter((control) => control.type !== 'hidden')
        .filter((control) => {
          const named = control.labels?.length || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') || control.getAttribute('title');
          const text = ['BUTTON'].includes(control.tagName) && control.textContent.trim();
          return !named && !text;
        })
        .map((control) => control.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unlabelled, [], `${view}: controls without a label`);
  }
  app.assertClean(log);
  await context.close();
});

test('the main flows work with the keyboard alone', async () => {
  const { context, page, log } = await app.open('/#/tokens');
  // Skip to a view through the navigation with Tab and Enter.
  await page.keyboard.press('Tab');
  let reached = false;
  for (let step = 0; step < 20 && !reached; step++) {
    reached = await page.evaluate(() => document.activeElement?.dataset.testid === 'nav-usage');
    if (!reached) await page.keyboard.press('Tab');
  }
  assert.ok(reached, 'the Usage link is reachable by Tab');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('view-usage')).waitFor();
  // The sample button, reached by Tab, loads the dashboard with Enter.
  reached = false;
  for (let step = 0; step < 20 && !reached; step++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.dataset.testid === 'usage-sample');
  }
  assert.ok(reached, 'the sample button is reachable by Tab');
  await page.keyboard.press('Enter');
  await page.locator(byTestId('usage-dashboard')).waitFor();
  // Tokens: type, and the count follows.
  await page.evaluate(() => { location.hash = '#/tokens'; });
  await page.locator(byTestId('token-input')).focus();
  await page.keyboard.type('hello world');
  await page.locator(byTestId('token-count')).getByText('2').waitFor();
  // Projection: a field edited by keyboard changes the figures.
  await page.evaluate(() => { location.hash = '#/projection'; });
  const before = await page.locator(byTestId('cost-baseline')).innerText();
  // (The default volume is given as conversations, issue #18.)
  await page.locator(byTestId('conversations-per-month')).focus();
  await page.keyboard.press('End');
  await page.keyboard.type('0');
  await page.waitForFunction((before) => document.querySelector('[data-testid="cost-baseline"]').textContent !== before, before);
  // Every focused element shows a focus ring.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  app.assertClean(log);
  await context.close();
});
