// Phone and keyboard (issue #18, items 4 and 5) in headless Chromium against dist/: no view
// is wider than a 375 px phone with any values, the skip link, help tips out of the Tab
// order but shown on their field's focus and inside the viewport, "Copy link" within 30
// Tab presses, the headline that stays in sight, and drop-down labels that are not cut off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, byTestId, startApp } from './harness.mjs';

const VIEWS = ['tokens', 'compress', 'projection', 'conversation', 'cache-routing', 'usage', 'models', 'about'];
const PHONE = { viewport: { width: 375, height: 740 } };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const EXTREME = '/#/projection?v=1&growth-rate=1000&horizon-months=120';
const HUGE = '999999999999';

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

/** A long unbroken "word" from a file on the machine this test did not write: the
 *  checksums of Cargo.lock, run together (several thousand characters, no space). */
async function longWord() {
  const lock = await readFile(join(ROOT, 'Cargo.lock'), 'utf8');
  return [...lock.matchAll(/checksum = "([0-9a-f]+)"/g)].map((match) => match[1]).join('').slice(0, 6000);
}

/** Opens `path` and waits for the view `slug`. */
async function openView(path, slug, options) {
  const opened = await app.open(path, options);
  await opened.page.locator(byTestId(`view-${slug}`)).waitFor();
  return opened;
}

/**
 * What sticks out past the viewport's right edge: the page's scroll width if it is wider
 * than the viewport, and every element whose right edge passes the viewport and that no
 * scrolling (or clipping) container holds.
 */
async function overflow(page) {
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    if (document.documentElement.scrollWidth > width) {
      problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    }
    const held = (element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX)) return true;
      }
      return false;
    };
    const name = (element) => {
      const testid = element.closest('[data-testid]')?.dataset.testid;
      return `<${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? ` class="${element.className}"` : ''}> in ${testid ?? 'page'}`;
    };
    for (const element of document.querySelectorAll('body *')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || rect.right <= width + 0.5 || held(element)) continue;
      problems.push(`${name(element)} reaches ${Math.round(rect.right)} px`);
      if (problems.length > 8) break;
    }
    return problems;
  });
}

test('every view fits a 375 px phone with extreme values: nothing but a scrolling container reaches past the edge', async () => {
  const word = await longWord();
  const { context, page } = await openView('/#/tokens', 'tokens', PHONE);
  const check = async (what) => assert.deepEqual(await overflow(page), [], `${what} at 375 px`);
  for (const slug of VIEWS) {
    await page.goto(`${app.server.origin}/#/${slug}`);
    await page.locator(byTestId(`view-${slug}`)).waitFor();
    await page.waitForTimeout(800);
    await check(slug);
  }
  await page.goto(app.server.origin + EXTREME);
  await page.locator(byTestId('view-projection')).waitFor();
  await check('the extreme projection link');

  // Huge values: a valid scenario with a trillion calls, then every number field huge.
  await page.fill(byTestId('calls-per-month'), HUGE);
  await check('calls-per-month 999999999999');
  await page.goto(app.server.origin + EXTREME);
  await page.locator(byTestId('view-projection')).waitFor();
  for (const input of await page.locator('.projection-inputs input[inputmode="decimal"]:enabled').all()) {
    if (await input.isVisible()) await input.fill(HUGE);
  }
  await check('every projection number 999999999999');

  // A long unbroken word in Tokens and Compress.
  await page.goto(`${app.server.origin}/#/tokens`);
  await page.fill(byTestId('token-input'), word);
  await page.waitForTimeout(800);
  await check('a long unbroken word in Tokens');
  await page.goto(`${app.server.origin}/#/compress`);
  await page.fill(byTestId('compress-input'), `Please ${word} thank you.`);
  await page.waitForTimeout(800);
  await check('a long unbroken word in Compress');

  // Every provider's usage export loaded.
  const folder = join(ROOT, 'tests/fixtures/usage/providers');
  for (const file of (await readdir(folder)).sort()) {
    await page.goto(`${app.server.origin}/#/usage`);
    await page.locator(byTestId('view-usage')).waitFor();
    await page.setInputFiles(byTestId('usage-file'), join(folder, file));
    await page.waitForTimeout(1200);
    await check(`the Usage log with ${file}`);
  }
  await context.close();
});

test('a wide table scrolls inside its own container with a "scroll sideways" hint, never the page', async () => {
  const { context, page } = await openView('/#/usage', 'usage', PHONE);
  await page.setInputFiles(byTestId('usage-file'), join(ROOT, 'tests/fixtures/usage/providers/openai-usage-export.csv'));
  await page.waitForTimeout(1200);
  const wide = await page.evaluate(() => [...document.querySelectorAll('table')]
    .filter((table) => table.getBoundingClientRect().width > document.documentElement.clientWidth - 24)
    .map((table) => {
      const box = table.closest('.scroll-x, .table-scroll, .table-wrap');
      return { scrolls: Boolean(box) && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX), hint: box ? getComputedStyle(box, '::before').content : 'none' };
    }));
  for (const table of wide) {
    assert.ok(table.scrolls, 'a wide table is in a scrolling container');
    assert.match(table.hint, /scroll sideways/i, 'the container says it scrolls sideways');
  }
  await context.close();
});

test('the skip link is the first Tab stop and moves focus to the main region', async () => {
  const { context, page } = await openView('/#/projection', 'projection', DESKTOP);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'skip-link');
  const box = await page.locator(byTestId('skip-link')).boundingBox();
  assert.ok(box && box.width > 20 && box.y >= 0, 'the focused skip link is visible');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  assert.equal(new URL(page.url()).hash, '#/projection', 'the route is unchanged');
  // The next Tab goes into the view, not back to the navigation.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.getElementById('main').contains(document.activeElement)));
  await context.close();
});

// Regression: it took 112 Tab presses from the top of the Projection to reach "Copy link".
test('"Copy link" is at most 30 Tab presses from the top of the Projection, and no help tip is a Tab stop', async () => {
  const { context, page } = await openView('/#/projection', 'projection', DESKTOP);
  let presses = 0;
  let focused = null;
  const stops = [];
  while (focused !== 'share-link' && presses < 200) {
    await page.keyboard.press('Tab');
    presses += 1;
    [focused] = await page.evaluate(() => {
      const active = document.activeElement;
      return [active?.dataset.testid ?? null, active?.classList.contains('tip') ?? false];
    }).then(([testid, tip]) => {
      if (tip) stops.push(presses);
      return [testid];
    });
  }
  assert.equal(focused, 'share-link', 'Copy link was reached');
  assert.ok(presses <= 30, `Copy link took ${presses} Tab presses`);
  assert.deepEqual(stops, [], 'no help tip was a Tab stop');
  for (const slug of ['projection', 'cache-routing']) {
    await page.goto(`${app.server.origin}/#/${slug}`);
    await page.locator(byTestId(`view-${slug}`)).waitFor();
    await page.waitForTimeout(500);
    const tips = await page.evaluate(() => [...document.querySelectorAll('.tip')].map((tip) => tip.tabIndex));
    assert.ok(tips.length > 0, `${slug} has help tips`);
    assert.ok(tips.every((index) => index === -1), `every tip of ${slug} is focusable on demand only (${tips})`);
  }
  await context.close();
});

/** The rectangle of the shown bubble of the tip in `scope`, or null when it is hidden. */
const bubble = (locator) => locator.locator('.tip-text').first().evaluate((text) => {
  if (getComputedStyle(text).display === 'none' || getComputedStyle(text).visibility === 'hidden') return null;
  const rect = text.getBoundingClientRect();
  return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, text: text.textContent };
});

test("a help tip's text shows while its field has focus, is read with the field, and Escape closes it", async () => {
  // Version 1's defaults give the volume as calls, so the calls-per-month field is shown.
  const { context, page } = await openView('/#/projection?v=1', 'projection', DESKTOP);
  const field = page.locator('label.field').filter({ has: page.locator(byTestId('calls-per-month')) });
  assert.equal(await bubble(field), null, 'closed before the field has focus');
  await page.focus(byTestId('calls-per-month'));
  const shown = await bubble(field);
  assert.ok(shown, 'the tip is shown on focus of its field');
  assert.match(shown.text, /API requests/);
  const described = await page.locator(byTestId('calls-per-month')).evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
  assert.match(described, /API requests/, "the field's description holds the tip");
  await page.keyboard.press('Escape');
  assert.equal(await bubble(field), null, 'Escape closes the tip');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'calls-per-month', 'focus stays in the field');
  await context.close();
});

test('every help tip opens inside the viewport at 375 px', async () => {
  const { context, page } = await openView('/#/projection', 'projection', PHONE);
  const tips = page.locator('.tip:visible');
  const count = await tips.count();
  assert.ok(count >= 8, `the Projection shows help tips (${count})`);
  for (let index = 0; index < count; index += 1) {
    const tip = tips.nth(index);
    await tip.scrollIntoViewIfNeeded();
    await tip.click();
    const shown = await bubble(tip);
    assert.ok(shown, `tip ${index} opens on a tap`);
    assert.ok(shown.left >= 0 && shown.right <= 375, `tip ${index} spans ${Math.round(shown.left)}–${Math.round(shown.right)} px`);
    await page.keyboard.press('Escape');
  }
  await page.goto(`${app.server.origin}/#/cache-routing`);
  const tip = page.locator(`${byTestId('view-cache-routing')} .tip`).first();
  await tip.scrollIntoViewIfNeeded();
  await tip.click();
  const shown = await bubble(tip);
  assert.ok(shown && shown.left >= 0 && shown.right <= 375, 'the Cache & routing tip opens inside the viewport');
  await context.close();
});

test('the headline stays in sight, and clear of the field being edited, after moving to the last lever', async () => {
  for (const options of [DESKTOP, PHONE]) {
    const { context, page } = await openView('/#/projection', 'projection', options);
    const last = page.locator('.projection-inputs input:visible').last();
    await last.focus();
    await page.keyboard.press('End');
    await page.waitForTimeout(200);
    const height = options.viewport.height;
    for (const testid of ['cost-naive', 'cost-baseline', 'cost-optimized', 'savings-monthly', 'payback-months', 'roi-percent']) {
      const box = await page.locator(byTestId(testid)).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= height, `${testid} is in sight at ${options.viewport.width} px`);
    }
    const headline = await page.locator('.headline').boundingBox();
    const field = await last.boundingBox();
    assert.ok(field.y >= headline.y + headline.height, `the field (${Math.round(field.y)}) is below the headline (${Math.round(headline.y + headline.height)})`);
    assert.ok(field.y + field.height <= height, 'the field is in sight');
    if (options === PHONE) assert.ok(headline.height <= height * 0.3, `the phone headline is compact (${Math.round(headline.height)} px)`);
    await context.close();
  }
});

// Regression: drop-down labels were cut off ("Balanced: + verbose phras", "o200k_base (GPT-5, GPT-4.1, GPT-4o, o").
test('no drop-down cuts off the label it shows, at 1280 and 375 px', async () => {
  for (const options of [DESKTOP, PHONE]) {
    const { context, page } = await openView('/#/tokens', 'tokens', options);
    for (const slug of VIEWS) {
      await page.goto(`${app.server.origin}/#/${slug}`);
      await page.locator(byTestId(`view-${slug}`)).waitFor();
      await page.waitForTimeout(600);
      const cut = await page.evaluate(() => {
        const canvas = document.createElement('canvas').getContext('2d');
        return [...document.querySelectorAll('select')].filter((select) => select.offsetParent !== null).flatMap((select) => {
          const style = getComputedStyle(select);
          canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const label = select.selectedOptions[0]?.textContent ?? '';
          // The room for the label: the box less its padding, border and the arrow (about 20 px).
          const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
          const needed = canvas.measureText(label).width;
          return needed > room ? [`${select.dataset.testid ?? select.name}: "${label}" needs ${Math.round(needed)} px, has ${Math.round(room)}`] : [];
        });
      });
      assert.deepEqual(cut, [], `${slug} at ${options.viewport.width} px`);
    }
    await context.close();
  }
});
