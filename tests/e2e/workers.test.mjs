// The counting workers (src/ui/count_pool.rs, crates/count-worker) in headless Chromium:
// long texts that do not repeat are counted in the workers, exactly as gpt-tokenizer
// counts them; a new text during a count cancels it; a pool that cannot start falls back
// to counting on the page; the workers' files are files of the build (the service
// worker's list) and nothing is fetched from another origin.
//
// The texts come from files on the machine that the tests did not write: Rust sources of
// the crates in cargo's registry (~/.cargo/registry/src) and, where installed, translated
// man pages (/usr/share/man/{ja,ko,ru,de}), taken in a fixed order, each file once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DIST, byTestId, startApp } from './harness.mjs';

let app;
let corpus;

/** Up to `limit` file paths under `dir` whose names end with `suffix`, sorted. */
async function filesUnder(dir, suffix, limit) {
  let entries = [];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  return entries.filter((name) => name.endsWith(suffix)).sort().slice(0, limit).map((name) => join(dir, name));
}

/** About `bytes` bytes of text that does not repeat, from files on the machine. */
async function machineText(bytes) {
  const registry = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'registry', 'src');
  const sources = [];
  for (const index of await readdir(registry).catch(() => [])) {
    sources.push(...(await filesUnder(join(registry, index), '.rs', 4000)));
  }
  const manuals = [];
  for (const language of ['ja', 'ko', 'ru', 'de']) {
    manuals.push(...(await filesUnder(join('/usr/share/man', language), '.gz', 200)));
  }
  const seen = new Set();
  const parts = [];
  let size = 0;
  // Interleave: a manual page after every ten sources, so that scripts mix.
  for (let i = 0; size < bytes && i < sources.length; i += 1) {
    const paths = [sources[i]];
    if (i % 10 === 0 && manuals[i / 10]) paths.push(manuals[i / 10]);
    for (const path of paths) {
      let text;
      try {
        const raw = await readFile(path);
        text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
      } catch {
        continue;
      }
      // A textarea would rewrite CR; licence headers and copies repeat: each text once.
      text = text.replaceAll('\r', '');
      if (text.length < 200 || seen.has(text)) continue;
      seen.add(text);
      parts.push(text);
      size += Buffer.byteLength(text);
    }
  }
  assert.ok(size >= bytes, `only ${size} bytes of text found on the machine`);
  return parts.join('\n');
}

before(async () => {
  app = await startApp();
  corpus = await machineText(5_000_000);
});

after(async () => {
  await app?.stop();
});

const number = (text) => Number(text.replace(/[$,]/g, ''));

/** The first `bytes` bytes' worth of the corpus (whole characters), from `offset` characters. */
function slice(offset, bytes) {
  let end = offset + Math.floor(bytes / 1.2);
  while (Buffer.byteLength(corpus.slice(offset, end)) < bytes && end < corpus.length) end += 10_000;
  return corpus.slice(offset, end);
}

async function paste(page, text) {
  await page.evaluate((value) => {
    window.__paste = value;
  }, text);
  await page.locator(byTestId('token-input')).evaluate((element) => {
    const data = new DataTransfer();
    data.setData('text/plain', window.__paste);
    element.focus();
    // Over all the box holds (select-all, then paste): a paste into a long text's preview
    // goes where the caret is.
    element.select();
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
}

async function exactCount(page) {
  await page.waitForFunction(() => /^[\d,]+$/.test(document.querySelector('[data-testid="token-count"]').textContent), null, { timeout: 60_000 });
  return number(await page.locator(byTestId('token-count')).innerText());
}

/** Opens the Tokens view and waits until the workers are warm. */
async function openWarm(path = '/#/tokens') {
  const opened = await app.open(path);
  await opened.page.waitForFunction(() => performance.getEntriesByName('burnrate:workers-ready').length > 0, null, { timeout: 30_000 });
  return opened;
}

test('a 3 MB paste that does not repeat is counted in the workers, exactly', async () => {
  const { encode } = await import('gpt-tokenizer/encoding/o200k_base');
  const text = slice(0, 3_000_000);
  const expected = encode(text, { disallowedSpecial: new Set() }).length;
  const { context, page, log } = await openWarm();
  const size = await page.evaluate(() => window.wasmBindings.BenchTokenizer.poolSize());
  assert.ok(size >= 1 && size <= 4, `${size} workers`);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await paste(page, text);
  assert.equal(await exactCount(page), expected);
  const took = Date.now() - started;
  assert.equal(await page.locator(byTestId('token-count')).getAttribute('data-counted-by'), 'workers');
  const longTasks = await page.evaluate(() => window.__longTasks.map(Math.round));
  console.log(`3 MB paste (${Buffer.byteLength(text)} bytes) in ${size} workers: ${expected} tokens in ${took} ms; tasks of 50 ms or more: [${longTasks.join(', ')}]`);
  // The workers' script and wasm came from the build's own folder.
  assert.ok(log.requests.some((url) => /\/pkg-[0-9a-f]+\/count-worker\.js$/.test(url)), 'the worker script was requested');
  assert.ok(log.requests.some((url) => /\/pkg-[0-9a-f]+\/count_worker_bg\.wasm$/.test(url)), 'the worker wasm was requested');
  // The truncate panel reads the workers' chunks: a cut to 5 tokens keeps the text's start.
  await page.fill(byTestId('truncate-max'), '5');
  assert.ok(text.startsWith(await page.inputValue(byTestId('truncate-output'))));
  app.assertClean(log);
  await context.close();
});

test('a new text during a count in the workers cancels it: the count shown is the new text\'s', async () => {
  const { encode } = await import('gpt-tokenizer/encoding/o200k_base');
  const first = slice(0, 4_000_000);
  const second = slice(3_000_000, 1_500_000);
  const expected = encode(second, { disallowedSpecial: new Set() }).length;
  const { context, page, log } = await openWarm();
  await paste(page, first);
  await page.locator(byTestId('count-progress')).waitFor();
  await paste(page, second);
  assert.equal(await exactCount(page), expected);
  // Nothing from the first count lands later.
  await page.waitForTimeout(1500);
  assert.equal(number(await page.locator(byTestId('token-count')).innerText()), expected);
  assert.equal(await page.locator(byTestId('token-count')).getAttribute('data-counted-by'), 'workers');
  app.assertClean(log);
  await context.close();
});

test('BenchTokenizer.poolCount counts through the workers as gpt-tokenizer does (cl100k_base)', async () => {
  const { encode } = await import('gpt-tokenizer/encoding/cl100k_base');
  const text = slice(500_000, 1_000_000);
  const expected = encode(text, { disallowedSpecial: new Set() }).length;
  const { context, page, log } = await openWarm();
  const counted = await page.evaluate((text) => window.wasmBindings.BenchTokenizer.poolCount('cl100k_base', text), text);
  assert.equal(counted, expected);
  app.assertClean(log);
  await context.close();
});

test('when the workers cannot start, a long text is still counted exactly, on the page', async () => {
  const { encode } = await import('gpt-tokenizer/encoding/o200k_base');
  const text = slice(1_000_000, 1_500_000);
  const expected = encode(text, { disallowedSpecial: new Set() }).length;
  const { context, log } = await app.open('/#/about');
  await context.route(/count-worker\.js$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
  const page = await context.newPage();
  await page.goto(`${app.server.origin}/#/tokens`);
  await page.locator(byTestId('app')).waitFor();
  // The pool tries to start with the first table and loses its workers.
  await page.waitForFunction(() => document.querySelector('[data-testid="token-count"]')?.getAttribute('data-counted-by') === 'page', null, { timeout: 30_000 });
  await page.waitForFunction(() => window.wasmBindings.BenchTokenizer.poolSize() === 0, null, { timeout: 30_000 });
  await paste(page, text);
  assert.equal(await exactCount(page), expected);
  assert.equal(await page.locator(byTestId('token-count')).getAttribute('data-counted-by'), 'slices');
  // The only errors are the worker script's 404s.
  assert.deepEqual(log.errors.filter((error) => !/count-worker\.js/.test(error)), []);
  await context.close();
});

test('the workers\' files are files of the build: in the service worker\'s list, allowed by the policy', async () => {
  const sw = await readFile(join(DIST, 'sw.js'), 'utf8');
  for (const file of ['count-worker.js', 'count_worker.js', 'count_worker_bg.wasm']) {
    assert.match(sw, new RegExp(`"pkg-[0-9a-f]+/${file.replace('.', '\\.')}"`), `${file} in sw.js`);
  }
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  // Workers fall back to script-src: the page's own origin.
  assert.match(policy, /script-src 'self'/);
  assert.doesNotMatch(policy, /worker-src(?! 'self')/);
});

test('the workers\' wasm carries no relocations: a standard module, without the linking sections kept for wasm-split-cli', async () => {
  const pkg = (await readdir(DIST)).find((name) => /^pkg-[0-9a-f]{16}$/.test(name));
  const wasm = await readFile(join(DIST, pkg, 'count_worker_bg.wasm'));
  const module = await WebAssembly.compile(wasm);
  assert.deepEqual(WebAssembly.Module.customSections(module, 'linking'), []);
  assert.deepEqual(WebAssembly.Module.customSections(module, 'reloc.CODE'), []);
  assert.deepEqual(WebAssembly.Module.customSections(module, 'reloc.DATA'), []);
  assert.ok(WebAssembly.Module.exports(module).some((entry) => entry.name === 'count'), 'the worker\'s count is exported');
});

test('withoutRelocations drops the linking and reloc.* sections and keeps every other section as it was', async () => {
  const { withoutRelocations } = await import('../../scripts/wasm-sections.mjs');
  const custom = (name, body) => {
    const payload = Buffer.concat([Buffer.from([name.length]), Buffer.from(name), Buffer.from(body)]);
    return Buffer.concat([Buffer.from([0, payload.length]), payload]);
  };
  const header = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  // A type section with one type, () -> ().
  const types = Buffer.from([1, 4, 1, 0x60, 0, 0]);
  const module = Buffer.concat([
    header, types, custom('linking', [2, 8, 0]), custom('reloc.CODE', [3, 0]), custom('producers', [0]), custom('reloc.DATA', [1, 0]),
  ]);
  assert.ok(WebAssembly.validate(module));
  const stripped = withoutRelocations(module);
  assert.deepEqual(stripped, Buffer.concat([header, types, custom('producers', [0])]));
  assert.ok(WebAssembly.validate(stripped));
  const compiled = await WebAssembly.compile(stripped);
  assert.equal(WebAssembly.Module.customSections(compiled, 'producers').length, 1);
  // A module with none to drop comes back the same.
  assert.deepEqual(withoutRelocations(stripped), stripped);
  // A section that runs past the end, or bytes that are no module, are refused.
  assert.throws(() => withoutRelocations(module.subarray(0, module.length - 1)), /runs past the end/);
  assert.throws(() => withoutRelocations(Buffer.from('not a wasm module')), /not a wasm module/);
});
