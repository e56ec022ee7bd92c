// The open tokenizers' budgets (issue #15), measured on the release build in dist/, for
// every family in benches/families.mjs whose table is in dist/tokenizers/ (the others are
// listed as not measured):
//   - the table's size, brotli -q 11 (dist/tokenizers/<name>.bin);
//   - the first count after the family is first selected, table download included: on a
//     fresh Tokens view holding a 10 KB prompt, from the `encoding-select` change until
//     `token-count` shows the family's count. Until the select offers the family, the same
//     steps through the bench API instead: download the table, build the encoder
//     (`BenchTokenizer.create`), count the prompt;
//   - the wasm heap (the linear memory's size, `BenchTokenizer.heapBytes()`) before and
//     once that first encoder is built;
//   - counting throughput against `@lenml/tokenizers` (transformers.js's tokenizers) with
//     the family's `tokenizer.json` from its `@lenml/tokenizer-<family>` package (Llama 4
//     and tekken have none: theirs is converted from the family's table, see
//     hf-tokenizer-json.mjs), on the same page and the same text: the fixture corpus once
//     over (~190 KB that does not repeat), caches cleared before every run, runs
//     alternating; and each one's count of every corpus file against the vendor's own
//     (tests/fixtures/tokens/vendor-counts.json).
// Writes artifacts/bench/open-tokenizers.json. Usage: node benches/open-tokenizers.mjs [runs]
import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import { ARTIFACTS, DIST, ROOT, byTestId, launchChromium, recordingContext, serveDist } from '../tests/e2e/harness.mjs';
import { OPEN_FAMILIES } from './families.mjs';
import { readTable, tokenizerJson } from './hf-tokenizer-json.mjs';

const runs = Math.max(3, Number(process.argv[2] ?? 5));
const exists = (path) => access(path).then(() => true, () => false);
const brotli = promisify(brotliCompress);

const corpusDir = join(ROOT, 'tests/fixtures/tokens/corpus');
const files = (await readdir(corpusDir)).sort();
const fileTexts = Object.fromEntries(await Promise.all(files.map(async (file) => [file, await readFile(join(corpusDir, file), 'utf8')])));
// The throughput text leaves out the special-token file: transformers.js reads the special
// tokens' text as the special tokens, Burnrate (like the vendors' `encode`) as plain text.
const text = files.filter((file) => !file.includes('special')).map((file) => fileTexts[file]).join('\n');
const prompt = text.slice(0, 10_000);
const vendor = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/tokens/vendor-counts.json'), 'utf8'));

const measured = [];
const skipped = [];
for (const family of OPEN_FAMILIES) {
  const table = join(DIST, 'tokenizers', `${family.name}.bin`);
  if (await exists(table)) measured.push({ ...family, table });
  else skipped.push({ family: family.name, reason: `no dist/tokenizers/${family.name}.bin in this build` });
}
for (const { family, reason } of skipped) console.log(`${family}: not measured: ${reason}`);

// Brotli -q 11 takes seconds a table: the tables are compressed side by side on libuv's
// threads, and before Chromium starts, so that they slow down none of the timings.
const sizes = Object.fromEntries(
  await Promise.all(
    measured.map(async (family) => {
      const bytes = await readFile(family.table);
      const packed = await brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
      return [family.name, { raw: bytes.length, brotli: packed.length }];
    }),
  ),
);

// What @lenml/tokenizers counts each family with: the tokenizer.json of its npm package, or
// one converted from its table; or nothing, and why.
const CONVERTED = join(ARTIFACTS, 'bench', 'converted');
const references = {};
for (const family of measured) {
  if (family.lenml) {
    const found = await exists(join(ROOT, 'node_modules', family.lenml, 'models/tokenizer.json'));
    references[family.name] = found
      ? { folder: `/__bench/node_modules/${family.lenml}/models`, against: `@lenml/tokenizers 3.7.2 with ${family.lenml}'s models/tokenizer.json` }
      : { missing: `${family.lenml} is not in node_modules (npm ci installs it)` };
  } else if (family.pattern) {
    // The conversion takes seconds: it is kept until the table or the pattern changes.
    const table = await readFile(family.table);
    const source = createHash('sha256').update(table).update(family.pattern).digest('hex');
    const folder = join(CONVERTED, family.name);
    const kept = await readFile(join(folder, 'source.sha256'), 'utf8').catch(() => null);
    if (kept !== source) {
      const { name, entries } = readTable(table);
      if (name !== family.name) throw new Error(`${family.table} holds the table of ${name}`);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'tokenizer.json'), JSON.stringify(tokenizerJson(entries, family.pattern)));
      await writeFile(join(folder, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'PreTrainedTokenizerFast' }));
      await writeFile(join(folder, 'source.sha256'), source);
    }
    references[family.name] = {
      folder: `/__bench/converted/${family.name}`,
      against: `@lenml/tokenizers 3.7.2 with a tokenizer.json converted from tokenizers/${family.name}.bin (no npm package ships one; benches/hf-tokenizer-json.mjs)`,
    };
  } else {
    references[family.name] = { missing: 'no @lenml/tokenizer package for this family on npm, and it is not tiktoken-style' };
  }
}

const server = await serveDist({ extra: { '/__bench/node_modules/': join(ROOT, 'node_modules'), '/__bench/converted/': CONVERTED } });
const browser = await launchChromium();
const results = {};
try {
  for (const family of measured) {
    const { context, log } = await recordingContext(browser);
    const page = await context.newPage();
    await page.goto(server.origin + '/#/tokens');
    await page.waitForFunction(() => window.wasmBindings?.BenchTokenizer);
    await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0);
    await page.fill(byTestId('token-input'), prompt);
    await page.waitForFunction((id) => /^[\d,]+$/.test(document.querySelector(id).textContent), byTestId('token-count'));
    const offered = await page.$eval(byTestId('encoding-select'), (select, name) => [...select.options].some((option) => option.value === name), family.name);
    const first = await page.evaluate(
      async ({ name, prompt, offered, selectId, countId }) => {
        const heapBefore = window.wasmBindings.BenchTokenizer.heapBytes();
        if (offered) {
          // As a user does: the select changes, the table downloads, the count shows.
          const count = document.querySelector(countId);
          const ready = () => performance.getEntriesByName(`burnrate:tokenizer-ready:${name}`).length > 0;
          const shown = () => /^[\d,]+$/.test(count.textContent);
          const select = document.querySelector(selectId);
          const start = performance.now();
          const end = await new Promise((resolve, reject) => {
            // The count's text changes (the view empties it while the table loads); each
            // frame is checked too, in case it does not.
            const done = () => {
              if (!ready() || !shown()) return false;
              observer.disconnect();
              resolve(performance.now());
              return true;
            };
            const observer = new MutationObserver(done);
            const frame = () => done() || requestAnimationFrame(frame);
            requestAnimationFrame(frame);
            observer.observe(count, { childList: true, characterData: true, subtree: true });
            setTimeout(() => reject(new Error(`${name}: no count within 30 s of selecting it`)), 30_000);
            select.value = name;
            select.dispatchEvent(new Event('change', { bubbles: true }));
          });
          return {
            method: 'encoding-select',
            ms: end - start,
            tokens: Number(count.textContent.replaceAll(',', '')),
            heapBefore,
            heapAfter: window.wasmBindings.BenchTokenizer.heapBytes(),
          };
        }
        const start = performance.now();
        const table = new Uint8Array(await (await fetch(`tokenizers/${name}.bin`)).arrayBuffer());
        const encoder = await window.wasmBindings.BenchTokenizer.create(name, table);
        const tokens = encoder.count(prompt);
        const ms = performance.now() - start;
        const heapAfter = window.wasmBindings.BenchTokenizer.heapBytes();
        encoder.free();
        return { method: 'BenchTokenizer (not offered in encoding-select yet)', ms, tokens, heapBefore, heapAfter };
      },
      { name: family.name, prompt, offered, selectId: byTestId('encoding-select'), countId: byTestId('token-count') },
    );
    const lenml = references[family.name].folder ?? null;
    const compared = await page.evaluate(
      async ({ name, text, prompt, fileTexts, runs, lenml }) => {
        let start = performance.now();
        const table = new Uint8Array(await (await fetch(`tokenizers/${name}.bin`)).arrayBuffer());
        const ours = await window.wasmBindings.BenchTokenizer.create(name, table);
        const buildMs = performance.now() - start;
        let theirs = null;
        let theirLoadMs = null;
        if (lenml) {
          start = performance.now();
          const { TokenizerLoader } = await import('/__bench/node_modules/@lenml/tokenizers/dist/main.mjs');
          const tokenizer = await TokenizerLoader.fromPreTrainedUrls({
            tokenizerJSON: `${lenml}/tokenizer.json`,
            tokenizerConfig: `${lenml}/tokenizer_config.json`,
          });
          theirLoadMs = performance.now() - start;
          theirs = {
            count: (value) => tokenizer.encode(value, { add_special_tokens: false }).length,
            clearCache: () => tokenizer.model.clear_cache?.(),
          };
        }
        const perFile = {};
        for (const [file, value] of Object.entries(fileTexts)) {
          perFile[file] = { burnrate: ours.count(value), lenml: theirs ? theirs.count(value) : null };
        }
        const counts = { burnrate: ours.count(text), lenml: theirs ? theirs.count(text) : null, prompt: ours.count(prompt) };
        const times = { burnrate: [], lenml: [] };
        for (let run = 0; run < runs; run++) {
          ours.forgetMerges();
          start = performance.now();
          ours.count(text);
          times.burnrate.push(performance.now() - start);
          if (theirs) {
            theirs.clearCache();
            start = performance.now();
            theirs.count(text);
            times.lenml.push(performance.now() - start);
          }
        }
        ours.free();
        return { buildMs, theirLoadMs, perFile, counts, times, heapEnd: window.wasmBindings.BenchTokenizer.heapBytes() };
      },
      { name: family.name, text, prompt, fileTexts, runs, lenml },
    );
    await context.close();
    if (log.errors.length) throw new Error(`${family.name}: the page logged errors:\n${log.errors.join('\n')}`);
    results[family.name] = { lenml, first, compared };
  }
} finally {
  await browser.close();
  await server.close();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value, places = 2) => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);
const bytes = Buffer.byteLength(text);
const mbPerSecond = (ms) => bytes / 1e6 / (ms / 1000);
const families = {};
let allExact = true;
for (const family of measured) {
  const { lenml, first, compared } = results[family.name];
  const vendorCounts = vendor.counts[family.name] ?? {};
  const files = Object.entries(compared.perFile).map(([file, counts]) => ({ file, vendor: vendorCounts[file] ?? null, ...counts }));
  const burnrateDiffers = files.filter((row) => row.vendor !== null && row.burnrate !== row.vendor);
  const lenmlDiffers = files.filter((row) => row.vendor !== null && row.lenml !== null && row.lenml !== row.vendor);
  const exact = burnrateDiffers.length === 0 && files.some((row) => row.vendor !== null);
  allExact &&= exact;
  const ours = mbPerSecond(median(compared.times.burnrate));
  const theirs = lenml ? mbPerSecond(median(compared.times.lenml)) : null;
  families[family.name] = {
    table: { file: `tokenizers/${family.name}.bin`, ...sizes[family.name] },
    first_count: {
      method: first.method,
      ms: round(first.ms, 1),
      prompt_chars: prompt.length,
      tokens: first.tokens,
      tokens_agree_with_bench_api: first.tokens === compared.counts.prompt,
    },
    wasm_heap_bytes: {
      measured_by: 'BenchTokenizer.heapBytes(): the wasm linear memory size (memory.size × 64 KiB); it never shrinks',
      before_first_encoder: first.heapBefore,
      after_first_encoder: first.heapAfter,
      grown_by_first_encoder: first.heapAfter - first.heapBefore,
      at_end_of_page: compared.heapEnd,
    },
    encoder_build_ms: round(compared.buildMs, 1),
    throughput: {
      text_bytes: bytes,
      runs,
      against: references[family.name].against ?? null,
      not_compared: references[family.name].missing ?? null,
      lenml_load_ms: round(compared.theirLoadMs, 1),
      counts: { burnrate: compared.counts.burnrate, lenml: compared.counts.lenml },
      counts_agree: lenml ? compared.counts.burnrate === compared.counts.lenml : null,
      median_ms: { burnrate: round(median(compared.times.burnrate)), lenml: lenml ? round(median(compared.times.lenml)) : null },
      mb_per_s: { burnrate: round(ours), lenml: round(theirs) },
      ratio_burnrate_to_lenml: lenml ? round(ours / theirs) : null,
    },
    vendor_counts: {
      reference: vendor.references[family.name] ?? null,
      files: files.length,
      burnrate_exact: exact,
      burnrate_differs: burnrateDiffers,
      lenml_differs: lenml ? lenmlDiffers : null,
    },
  };
}

const report = { measured_at: new Date().toISOString(), families, skipped, burnrate_counts_exact: allExact };
await mkdir(join(ARTIFACTS, 'bench'), { recursive: true });
await writeFile(join(ARTIFACTS, 'bench', 'open-tokenizers.json'), JSON.stringify(report, null, 2) + '\n');
const kb = (value) => `${(value / 1024).toFixed(0)} KiB`;
for (const [name, figures] of Object.entries(families)) {
  const { table, first_count: first, wasm_heap_bytes: heap, throughput, vendor_counts: counts } = figures;
  console.log(`${name}: table ${kb(table.brotli)} brotli (${kb(table.raw)} raw); first count ${first.ms} ms through ${first.method}; wasm heap ${(heap.after_first_encoder / 2 ** 20).toFixed(1)} MiB (+${(heap.grown_by_first_encoder / 2 ** 20).toFixed(1)})`);
  if (throughput.against) {
    const agree = throughput.counts_agree ? 'counts agree' : `counts DIFFER by ${throughput.counts.burnrate - throughput.counts.lenml}`;
    console.log(`  throughput ${throughput.mb_per_s.burnrate} MB/s vs @lenml/tokenizers ${throughput.mb_per_s.lenml} MB/s: ratio ${throughput.ratio_burnrate_to_lenml} (${agree}: ${throughput.counts.burnrate} vs ${throughput.counts.lenml})`);
  } else {
    console.log(`  throughput ${throughput.mb_per_s.burnrate} MB/s; not compared: ${throughput.not_compared}`);
  }
  console.log(`  vendor counts on ${counts.files} files: Burnrate ${counts.burnrate_exact ? 'exact' : counts.burnrate_differs.length ? `DIFFERS on ${counts.burnrate_differs.map((row) => `${row.file} (${row.burnrate} vs ${row.vendor})`).join(', ')}` : 'NOT CHECKED: no reference counts'}${counts.lenml_differs ? `; @lenml/tokenizers differs on ${counts.lenml_differs.length}` : ''}`);
}
console.log('written to artifacts/bench/open-tokenizers.json');
// `node benches/results.mjs --check` fails on a count that differs, naming the family.
if (!allExact) console.error('open tokenizers: a count DIFFERS from the vendor reference (see above)');
