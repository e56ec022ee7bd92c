// Benchmarks of the app shell, measured on the release build in dist/:
//   - the size of each .wasm in dist/ (raw, gzip -9 and brotli -q 11 bytes);
//   - navigation-to-mounted in headless Chromium: time from navigation start until the
//     element with data-testid="app" is in the DOM, over N fresh page loads (median);
//   - in the same loads, when the price catalog was parsed (and how long parsing took) and
//     when the default tokenizer (o200k_base) was ready to count, from the app's
//     performance marks.
// Writes artifacts/bench/shell.json and prints a summary. Usage: scripts/bench [runs]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ARTIFACTS, DIST, launchChromium, recordingContext, serveDist } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 5);

async function wasmSizes() {
  const sizes = {};
  for (const name of await readdir(DIST)) {
    if (!name.endsWith('.wasm')) continue;
    const bytes = await readFile(join(DIST, name));
    sizes[name] = {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    };
  }
  return sizes;
}

async function mountTimes() {
  const server = await serveDist();
  const browser = await launchChromium();
  const times = [];
  const marks = [];
  try {
    for (let run = 0; run < runs; run++) {
      const { context } = await recordingContext(browser);
      const page = await context.newPage();
      // Stamp the moment the app's root appears, relative to navigation start.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid="app"]')) {
            window.__mountedAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(server.origin + '/');
      await page.waitForFunction(() => window.__mountedAt !== undefined);
      times.push(await page.evaluate(() => window.__mountedAt));
      await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0);
      marks.push(
        await page.evaluate(() => {
          const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
          return {
            catalogParseMs: at('burnrate:catalog-ready') - at('burnrate:catalog-parse-start'),
            catalogReadyMs: at('burnrate:catalog-ready'),
            tokenizerReadyMs: at('burnrate:tokenizer-ready:o200k_base'),
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
};
await mkdir(join(ARTIFACTS, 'bench'), { recursive: true });
await writeFile(join(ARTIFACTS, 'bench', 'shell.json'), JSON.stringify(result, null, 2) + '\n');
for (const [name, size] of Object.entries(sizes)) {
  console.log(`${name}: ${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli`);
}
console.log(`navigation to mounted: median ${result.navigation_to_mounted_ms.median} ms of ${runs} (${result.navigation_to_mounted_ms.runs.join(', ')})`);
console.log(`price catalog parsed in ${result.catalog_parse_ms_median} ms, ready at ${result.catalog_ready_ms_median} ms; o200k_base tokenizer ready at ${result.tokenizer_ready_ms_median} ms (medians, from navigation start)`);
console.log('written to artifacts/bench/shell.json');
