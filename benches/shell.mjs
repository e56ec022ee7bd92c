// Benchmarks of the app shell, measured on the release build in dist/:
//   - the size of the shell's wasm (raw, gzip -9 and brotli -q 11 bytes), of what each
//     view (and the tokenizer) downloads on first use, and of all the wasm;
//   - navigation-to-mounted in headless Chromium: time from navigation start until the
//     element with data-testid="app" is in the DOM, over N fresh page loads (median);
//   - the brotli size of any worker wasm in the pkg dir (a file whose name holds
//     "worker", such as count_worker_bg.wasm: the counting workers of issue #21), null
//     when the build has none;
//   - in the same loads, when the price catalog was parsed (and how long parsing took) and
//     when the default tokenizer (o200k_base) was ready to count, from the app's
//     performance marks;
//   - and, as a person sees it: when the Tokens view's text box appeared, and a text (the
//     start of gpt-tokenizer's README, about 1 KB) typed into it at that moment, when its
//     exact count (gpt-tokenizer's) showed (`first_count_shown`, from navigation).
// Writes artifacts/bench/shell.json and prints a summary. Usage: scripts/bench [runs]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { placesOf, splitFiles } from '../scripts/split-files.mjs';
import { ARTIFACTS, DIST, ROOT, launchChromium, pageWithMountStamp, serveDist, typeOnceTheBoxAppears } from '../tests/e2e/harness.mjs';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';

const runs = Number(process.argv[2] ?? 5);

const sizeOf = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length,
});

/**
 * The wasm of the build (dist/pkg-<hash>/, see scripts/wasm.mjs): the shell
 * (burnrate_bg.wasm), which every page loads first; for each split point (a view, the
 * tokenizer), the files its first use downloads (its chunks, some of them in the shared
 * pack; from the chunk loader, __wasm_split.js); and the total of every file.
 */
async function wasmSizes() {
  const pkg = (await readdir(DIST)).find((name) => /^pkg-[0-9a-f]{16}$/.test(name));
  if (!pkg) throw new Error('no dist/pkg-<hash>/: build with scripts/build first');
  const files = {};
  for (const name of await readdir(join(DIST, pkg))) {
    if (name.endsWith('.wasm') || name.endsWith('.bin')) files[name] = sizeOf(await readFile(join(DIST, pkg, name)));
  }
  const loader = await readFile(join(DIST, pkg, '__wasm_split.js'), 'utf8');
  const places = placesOf(loader);
  const splits = {};
  for (const [name, needed] of Object.entries(splitFiles(loader))) {
    const downloads = [...new Set(needed.map((file) => places[file]?.[0] ?? file))];
    if (downloads.some((file) => !files[file])) throw new Error(`${pkg}: a file ${name} needs is missing`);
    splits[name] = { downloads, brotli: downloads.reduce((sum, file) => sum + files[file].brotli, 0) };
  }
  if (!files['burnrate_bg.wasm']) throw new Error(`${pkg}: no shell wasm`);
  const total = Object.values(files).reduce((sum, size) => sum + size.brotli, 0);
  const brotli = Object.fromEntries(Object.entries(files).map(([name, size]) => [name, size.brotli]));
  const workers = Object.keys(files).filter((name) => name.endsWith('.wasm') && name.includes('worker')).sort();
  const worker = workers.length
    ? { files: workers, brotli: workers.reduce((sum, name) => sum + files[name].brotli, 0), raw: workers.reduce((sum, name) => sum + files[name].raw, 0) }
    : null;
  return { shell: files['burnrate_bg.wasm'], splits, worker, file_brotli: brotli, files: Object.keys(files).length, total_brotli: total };
}

/** The text typed at once: the start of a README this project did not write. */
const typed = (await readFile(join(ROOT, 'node_modules', 'gpt-tokenizer', 'README.md'), 'utf8')).slice(0, 1000).replaceAll('\r', '');
const typedCount = encode(typed, { disallowedSpecial: new Set() }).length.toLocaleString('en-US');

async function mountTimes() {
  const server = await serveDist();
  const browser = await launchChromium();
  const times = [];
  const marks = [];
  try {
    for (let run = 0; run < runs; run++) {
      // Stamps the moment the app's root appears, relative to navigation start; types the
      // text the moment the box appears and stamps when its exact count shows.
      const { context, page } = await pageWithMountStamp(browser);
      await typeOnceTheBoxAppears(page, typed, typedCount);
      await page.goto(server.origin + '/');
      await page.waitForFunction(() => window.__mountedAt !== undefined);
      times.push(await page.evaluate(() => window.__mountedAt));
      await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0);
      await page.waitForFunction(() => window.__countShownAt !== undefined, null, { timeout: 30_000 });
      marks.push(
        await page.evaluate(() => {
          const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
          return {
            catalogParseMs: at('burnrate:catalog-ready') - at('burnrate:catalog-parse-start'),
            catalogReadyMs: at('burnrate:catalog-ready'),
            tokenizerReadyMs: at('burnrate:tokenizer-ready:o200k_base'),
            typedAtMs: window.__typedAt,
            countShownMs: window.__countShownAt,
          };
        }),
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { times, marks };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const sizes = await wasmSizes();
const { times, marks } = await mountTimes();
const medianOf = (key) => Math.round(median(marks.map((mark) => mark[key])) * 10) / 10;
const result = {
  measured_at: new Date().toISOString(),
  wasm: sizes,
  navigation_to_mounted_ms: {
    runs: times.map((ms) => Math.round(ms * 10) / 10),
    median: Math.round(median(times) * 10) / 10,
  },
  catalog_parse_ms_median: medianOf('catalogParseMs'),
  catalog_ready_ms_median: medianOf('catalogReadyMs'),
  tokenizer_ready_ms_median: medianOf('tokenizerReadyMs'),
  first_count_shown: {
    text_chars: typed.length,
    tokens: typedCount,
    box_ms_runs: marks.map((mark) => Math.round(mark.typedAtMs * 10) / 10),
    box_ms_median: medianOf('typedAtMs'),
    shown_ms_runs: marks.map((mark) => Math.round(mark.countShownMs * 10) / 10),
    shown_ms_median: medianOf('countShownMs'),
  },
};
await mkdir(join(ARTIFACTS, 'bench'), { recursive: true });
await writeFile(join(ARTIFACTS, 'bench', 'shell.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`shell wasm: ${sizes.shell.raw} B raw, ${sizes.shell.gzip} B gzip, ${sizes.shell.brotli} B brotli`);
for (const [name, split] of Object.entries(sizes.splits)) {
  console.log(`  + ${name}: ${split.brotli} B brotli on first use, in ${split.downloads.length} files`);
}
console.log(sizes.worker ? `worker wasm (${sizes.worker.files.join(', ')}): ${sizes.worker.brotli} B brotli` : 'worker wasm: none in this build');
console.log(`all ${sizes.files} wasm files: ${sizes.total_brotli} B brotli`);
console.log(`navigation to mounted: median ${result.navigation_to_mounted_ms.median} ms of ${runs} (${result.navigation_to_mounted_ms.runs.join(', ')})`);
console.log(`price catalog parsed in ${result.catalog_parse_ms_median} ms, ready at ${result.catalog_ready_ms_median} ms; o200k_base tokenizer ready at ${result.tokenizer_ready_ms_median} ms (medians, from navigation start)`);
console.log(`the Tokens view's box appeared at ${result.first_count_shown.box_ms_median} ms; a ${typed.length}-character text typed then: its exact count (${typedCount}) shown at ${result.first_count_shown.shown_ms_median} ms (median; runs ${result.first_count_shown.shown_ms_runs.join(', ')})`);
console.log('written to artifacts/bench/shell.json');
