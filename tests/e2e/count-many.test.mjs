// The views that count on a click or past their own limit (src/ui/count_many.rs) in
// headless Chromium: a conversation of a few hundred KB is counted message by message in
// the counting workers, exactly as gpt-tokenizer counts it; where the workers cannot
// start, on the page, with the same counts; a newer import makes an older count stale;
// and a prompt too long to compress still gets its exact count.
//
// The texts are files on the machine that the tests did not write: Debian's licence texts
// (/usr/share/common-licenses) and the READMEs of the npm packages in node_modules, taken
// in a fixed order, each text once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, byTestId, startApp } from './harness.mjs';

let app;
let texts;
let encode;

/** The files' texts, sorted by path, each text once (the licences' symlinks repeat them). */
async function machineTexts() {
  const paths = [];
  const licences = '/usr/share/common-licenses';
  for (const name of await readdir(licences).catch(() => [])) paths.push(join(licences, name));
  const modules = join(ROOT, 'node_modules');
  for (const name of await readdir(modules, { recursive: true }).catch(() => [])) {
    // The packages' own READMEs, not those of the packages they bundle.
    if (/^(@[^/]+\/)?[^/]+\/readme\.md$/i.test(name)) paths.push(join(modules, name));
  }
  const seen = new Set();
  const found = [];
  for (const path of paths.sort()) {
    let text;
    try {
      text = (await readFile(path, 'utf8')).replaceAll('\r', '');
    } catch {
      continue;
    }
    if (text.length < 100 || seen.has(text)) continue;
    seen.add(text);
    found.push(text);
  }
  return found;
}

before(async () => {
  app = await startApp();
  texts = await machineTexts();
  ({ encode } = await import('gpt-tokenizer/encoding/o200k_base'));
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  assert.ok(texts.length >= 10 && bytes >= 200_000, `only ${texts.length} texts, ${bytes} bytes found on the machine`);
});

after(async () => {
  await app?.stop();
});

const count = (text) => encode(text, { disallowedSpecial: new Set() }).length;
const number = (text) => Number(text.replace(/,/g, ''));

/** A conversation of the machine's texts: the first the system prompt, then user and assistant in turn. */
function conversation() {
  return texts.map((content, index) => ({
    role: index === 0 ? 'system' : index % 2 === 1 ? 'user' : 'assistant',
    content,
  }));
}

/** What the view should fill in for `messages`, counted by gpt-tokenizer. */
function expectedFields(messages) {
  const of = (role) => messages.filter((m) => m.role === role).map((m) => count(m.content));
  const average = (counts) => (counts.length === 0 ? 0 : Math.round(counts.reduce((a, b) => a + b, 0) / counts.length));
  const [systems, users, assistants] = [of('system'), of('user'), of('assistant')];
  return {
    turns: String(users.length),
    system: String(systems.reduce((a, b) => a + b, 0)),
    user: String(average(users)),
    assistant: String(average(assistants)),
  };
}

/** Records every text `conv-status` shows, from now on. */
async function watchStatus(page) {
  await page.evaluate(() => {
    window.__statuses = [];
    const status = document.querySelector('[data-testid="conv-status"]');
    new MutationObserver(() => window.__statuses.push(status.textContent)).observe(status, { childList: true, subtree: true, characterData: true });
  });
}

async function fields(page) {
  const value = (testid) => page.locator(byTestId(testid)).inputValue();
  return {
    turns: await value('conv-turns'),
    system: await value('conv-system-tokens'),
    user: await value('conv-user-tokens'),
    assistant: await value('conv-assistant-tokens'),
  };
}

async function importConversation(page, messages) {
  await page.fill(byTestId('conv-import'), JSON.stringify(messages));
  await page.click(byTestId('conv-import-apply'));
}

async function counted(page) {
  await page.waitForFunction(() => /^Counted exactly/.test(document.querySelector('[data-testid="conv-status"]').textContent), null, { timeout: 60_000 });
  return page.locator(byTestId('conv-status')).innerText();
}

/** Opens `path`, waits until the default tokenizer and the counting workers are ready, and records console warnings. */
async function openWarm(path) {
  const opened = await app.open(path);
  opened.warnings = [];
  opened.page.on('console', (message) => {
    if (message.type() === 'warning') opened.warnings.push(message.text());
  });
  await opened.page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0, null, { timeout: 30_000 });
  await opened.page.waitForFunction(() => performance.getEntriesByName('burnrate:workers-ready').length > 0, null, { timeout: 30_000 });
  const size = await opened.page.evaluate(() => window.wasmBindings.BenchTokenizer.poolSize());
  assert.ok(size >= 1, `${size} workers`);
  return opened;
}

test('a conversation of a few hundred KB is counted exactly, message by message, in the workers', async () => {
  const messages = conversation();
  const expected = expectedFields(messages);
  const bytes = Buffer.byteLength(JSON.stringify(messages));
  const { context, page, log, warnings } = await openWarm('/#/conversation');
  await page.click(`${byTestId('view-conversation')} details summary`);
  await watchStatus(page);
  await importConversation(page, messages);
  const status = await counted(page);
  assert.equal(
    status,
    `Counted exactly with o200k_base: ${expected.turns} ${expected.turns === 1 ? 'turn' : 'turns'}, system ${expected.system} tokens, user ${expected.user} and assistant ${expected.assistant} tokens per turn on average.`,
  );
  assert.deepEqual(await fields(page), expected);
  // "Counting N messages…" was shown while the workers counted.
  const statuses = await page.evaluate(() => window.__statuses);
  assert.ok(statuses.includes(`Counting ${messages.length} messages…`), JSON.stringify(statuses.slice(0, 3)));
  assert.deepEqual(warnings.filter((warning) => /counting on the page instead/.test(warning)), []);
  console.log(`${messages.length} messages, ${bytes} bytes of JSON: ${JSON.stringify(expected)}`);
  app.assertClean(log);
  await context.close();
});

test('a newer import makes an older one stale: the fields are the newer conversation\'s', async () => {
  const long = conversation();
  const short = [
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: 'Hello there' },
    { role: 'assistant', content: 'Hi.' },
  ];
  const expected = expectedFields(short);
  const { context, page, log } = await openWarm('/#/conversation');
  await page.click(`${byTestId('view-conversation')} details summary`);
  // Both clicks in one task: the long count cannot have finished before the second.
  await page.fill(byTestId('conv-import'), JSON.stringify(long));
  await page.evaluate((shortJson) => {
    const button = document.querySelector('[data-testid="conv-import-apply"]');
    const box = document.querySelector('[data-testid="conv-import"]');
    button.click();
    box.value = shortJson;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    button.click();
  }, JSON.stringify(short));
  assert.match(await counted(page), /^Counted exactly with o200k_base: 1 turn, system 6 tokens/);
  assert.deepEqual(await fields(page), expected);
  // Nothing from the older count lands later.
  await page.waitForTimeout(2000);
  assert.match(await page.locator(byTestId('conv-status')).innerText(), /^Counted exactly with o200k_base: 1 turn,/);
  assert.deepEqual(await fields(page), expected);
  app.assertClean(log);
  await context.close();
});

test('when the workers cannot start, a long conversation is still counted exactly, on the page', async () => {
  const messages = conversation();
  const expected = expectedFields(messages);
  const { context, log } = await app.open('/#/about');
  await context.route(/count-worker\.js$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
  const page = await context.newPage();
  await page.goto(`${app.server.origin}/#/conversation`);
  await page.locator(byTestId('view-conversation')).waitFor();
  await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0, null, { timeout: 30_000 });
  await page.waitForFunction(() => window.wasmBindings.BenchTokenizer.poolSize() === 0, null, { timeout: 30_000 });
  await page.click(`${byTestId('view-conversation')} details summary`);
  await importConversation(page, messages);
  await counted(page);
  assert.deepEqual(await fields(page), expected);
  // The only errors are the worker script's 404s.
  assert.deepEqual(log.errors.filter((error) => !/count-worker\.js/.test(error)), []);
  await context.close();
});

test('a prompt too long to compress still shows its exact token count', async () => {
  const text = texts.join('\n');
  assert.ok(text.length > 100_000, `${text.length} characters`);
  const expected = count(text);
  const { context, page, log, warnings } = await openWarm('/#/compress');
  // Set at once, as a paste would (page.fill types the text in and takes its time).
  await page.locator(byTestId('compress-input')).evaluate((element, value) => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  const shown = page.locator(byTestId('compress-long-count'));
  await page.waitForFunction(() => /^This prompt is/.test(document.querySelector('[data-testid="compress-long-count"]')?.textContent ?? ''), null, { timeout: 60_000 });
  const match = (await shown.innerText()).match(/^This prompt is ([\d,]+) tokens \(o200k_base\)\.\s*$/);
  assert.ok(match, await shown.innerText());
  assert.equal(number(match[1]), expected);
  // The compression cap stays: the prompt is not compressed.
  assert.match(await page.locator(byTestId('compress-problem')).innerText(), /Prompts up to 100,000 characters are compressed here; this one is longer/);
  assert.equal(await page.locator(byTestId('compress-tokens-before')).innerText(), '—');
  assert.equal(await page.inputValue(byTestId('compress-output')), '');
  assert.deepEqual(warnings.filter((warning) => /counting on the page instead/.test(warning)), []);
  // A short prompt again: no long count, the prompt is compressed.
  await page.fill(byTestId('compress-input'), texts[0].slice(0, 2000));
  await page.waitForFunction(() => /^[\d,]+$/.test(document.querySelector('[data-testid="compress-tokens-before"]').textContent));
  assert.equal(await shown.count(), 0);
  assert.equal(number(await page.locator(byTestId('compress-tokens-before')).innerText()), count(texts[0].slice(0, 2000)));
  console.log(`a ${text.length}-character prompt: ${expected} tokens`);
  app.assertClean(log);
  await context.close();
});
