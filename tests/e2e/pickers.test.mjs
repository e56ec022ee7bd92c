// Model pickers in headless Chromium (issue #18): a search box beside every model select,
// current models first, legacy models hidden but still selectable by id (tests outside this
// repository call selectOption on the selects), Escape clearing the search, and the keyboard
// path from the search box to the select.
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

/** Waits until the select holds the catalog's models (the catalog loads after mount). */
async function waitForOptions(page, testid) {
  await page.waitForFunction(
    (id) => document.querySelectorAll(`[data-testid="${id}"] option`).length > 100,
    testid,
  );
}

/** The options a person sees in the drop-down: not hidden, nor in a hidden group. */
function visibleOptions(page, testid) {
  return page.locator(`${byTestId(testid)} option`).evaluateAll((options) =>
    options
      .filter((option) => !option.hidden && !(option.parentElement.tagName === 'OPTGROUP' && option.parentElement.hidden))
      .map((option) => ({
        value: option.value,
        label: option.textContent,
        group: option.parentElement.tagName === 'OPTGROUP' ? option.parentElement.label : '',
        selected: option.selected,
      })),
  );
}

async function openView(path, testid) {
  const opened = await app.open(path);
  await waitForOptions(opened.page, testid);
  return opened;
}

test('the Projection picker opens on current models, and its search filters and counts', async () => {
  const { context, page, log } = await openView('/#/projection', 'projection-model');
  let shown = await visibleOptions(page, 'projection-model');
  assert.equal(shown[0].group, 'Current models, newest first');
  assert.equal(shown[0].value, 'gpt-6.1-sol', 'the newest current model first');
  const values = shown.map((option) => option.value);
  assert.ok(!values.includes('ada') && !values.includes('babbage') && !values.includes('davinci'), 'legacy hidden');
  assert.ok(values.indexOf('claude-sonnet-4-5') < values.indexOf('gpt-4o'), 'current before the rest');
  // ada is an option (selectable by id), hidden by default.
  assert.equal(await page.locator(`${byTestId('projection-model')} option[value="ada"]`).count(), 1);
  const total = Number((await text(page, 'projection-model-search-count')).match(/of ([\d,]+) models/)[1]);

  const search = page.locator(byTestId('projection-model-search'));
  assert.equal(await search.getAttribute('placeholder'), 'Search models');
  assert.ok(await search.getAttribute('aria-label'));
  await search.fill('Claude sonnet');
  shown = await visibleOptions(page, 'projection-model');
  const matches = shown.filter((option) => !option.selected);
  assert.ok(matches.length > 2, `${matches.length} matches`);
  for (const option of matches) {
    assert.match(option.label.toLowerCase(), /claude/);
    assert.match(option.label.toLowerCase(), /sonnet/);
  }
  assert.equal(await text(page, 'projection-model-search-count'), `${matches.length} of ${total} models`);

  // A search finds legacy models, labelled as such.
  await search.fill('ada');
  shown = await visibleOptions(page, 'projection-model');
  const ada = shown.find((option) => option.value === 'ada');
  assert.ok(ada, 'ada found by search');
  assert.match(ada.label, /legacy/);

  await search.fill('no model is called this');
  assert.equal(await text(page, 'projection-model-search-count'), 'No model matches');
  // The chosen model stays visible whatever the search.
  shown = await visibleOptions(page, 'projection-model');
  assert.equal(shown.length, 1);
  assert.ok(shown[0].selected);

  // Escape clears the search.
  await search.press('Escape');
  assert.equal(await search.inputValue(), '');
  shown = await visibleOptions(page, 'projection-model');
  assert.ok(!shown.some((option) => option.value === 'ada'), 'ada hidden again');

  // Enter picks the first model the search shows.
  await search.fill('claude haiku 4.5');
  await search.press('Enter');
  assert.equal(await page.locator(byTestId('projection-model')).inputValue(), 'claude-haiku-4-5');
  app.assertClean(log);
  await context.close();
});

test('selectOption still sets a hidden legacy model, and the Projection recomputes', async () => {
  const { context, page, log } = await openView('/#/projection', 'projection-model');
  const before = await text(page, 'cost-baseline');
  await page.selectOption(byTestId('projection-model'), 'gpt-4');
  assert.equal(await page.locator(byTestId('projection-model')).inputValue(), 'gpt-4');
  await page.waitForFunction((shown) => document.querySelector('[data-testid="cost-baseline"]').textContent !== shown, before);
  const onGpt4 = await text(page, 'cost-baseline');
  assert.notEqual(onGpt4, before);
  // The chosen legacy option is shown, not hidden.
  const shown = await visibleOptions(page, 'projection-model');
  assert.ok(shown.some((option) => option.value === 'gpt-4' && option.selected));
  await page.selectOption(byTestId('projection-model'), 'gpt-3.5-turbo');
  assert.equal(await page.locator(byTestId('projection-model')).inputValue(), 'gpt-3.5-turbo');
  await page.waitForFunction((shown) => document.querySelector('[data-testid="cost-baseline"]').textContent !== shown, onGpt4);
  // mix-add-model keeps its "Choose…" option and takes hidden ids too.
  await page.selectOption(byTestId('mix-add-model'), 'gpt-3.5-turbo');
  assert.equal(await page.locator(byTestId('mix-add-model')).inputValue(), 'gpt-3.5-turbo');
  assert.equal(await page.locator(`${byTestId('mix-add-model')} option[value=""]`).innerText(), 'Choose…');
  app.assertClean(log);
  await context.close();
});

test('the Tokens picker filters by search, and Tab goes from the search box to the select', async () => {
  const { context, page, log } = await openView('/#/tokens', 'model-select');
  const search = page.locator(byTestId('model-select-search'));
  await search.fill('gemini flash');
  const shown = (await visibleOptions(page, 'model-select')).filter((option) => !option.selected);
  assert.ok(shown.length > 2);
  for (const option of shown) assert.match(option.label.toLowerCase(), /gemini.*flash/);
  assert.match(await text(page, 'model-select-search-count'), new RegExp(`^${shown.length} of [\\d,]+ models$`));
  // Keyboard: Tab from the search box lands on the select, which a person can then drive.
  await search.focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'model-select');
  await page.selectOption(byTestId('model-select'), 'gpt-4');
  assert.equal(await page.locator(byTestId('encoding-select')).inputValue(), 'cl100k_base', 'gpt-4 picks its encoding');
  app.assertClean(log);
  await context.close();
});

test('every model picker has its search box', async () => {
  const pickers = {
    '/#/tokens': ['model-select'],
    '/#/projection?v=1&lever-routing=on': ['projection-model', 'mix-add-model', 'routing-model-trivial'],
    '/#/conversation': ['conv-model', 'conv-summarizer'],
    '/#/cache-routing': ['cache-model', 'routing-flagship'],
    '/#/compress': ['compress-model'],
  };
  for (const [path, ids] of Object.entries(pickers)) {
    const { context, page, log } = await openView(path, ids[0]);
    for (const id of ids) {
      await waitForOptions(page, id);
      const search = page.locator(byTestId(`${id}-search`));
      assert.equal(await search.count(), 1, `${id}-search on ${path}`);
      assert.equal(await search.getAttribute('type'), 'search');
      const first = (await visibleOptions(page, id)).find((option) => option.value !== '');
      assert.equal(first.group === 'Current models, newest first' || first.selected, true, `${id}: ${JSON.stringify(first)}`);
    }
    app.assertClean(log);
    await context.close();
  }
});

test('routing sends a contract summary to a current model of a major maker', async () => {
  const { context, page, log } = await openView('/#/cache-routing', 'routing-flagship');
  await page.fill(byTestId('routing-tasks'), 'Summarize this 10-page contract for a sales rep');
  const model = page.locator(`${byTestId('routing-table')} tbody tr td:nth-child(3)`);
  await model.first().waitFor();
  assert.doesNotMatch(await model.first().innerText(), /GLM/);
  await page.setChecked(byTestId('routing-any-model'), true);
  await page.waitForFunction(() => /GLM/.test(document.querySelector('[data-testid="routing-table"] tbody tr td:nth-child(3)')?.textContent ?? ''));
  app.assertClean(log);
  await context.close();
});
