// Probe: fresh loads of two or more builds side by side (runs interleaved, medians), for
// issue #21's "first count after interactive". For each build: when the app mounted, when
// the Tokens view's text box appeared, when a text typed into it at that moment (the
// start of gpt-tokenizer's README, ~1 KB) showed its exact count, and when the page's
// encoder was ready (burnrate:tokenizer-ready:o200k_base); with CREATE=1, also the first
// and second BenchTokenizer.create on a fresh About page, settled, whose tokenizer chunk
// is loaded (the build alone). Builds are folders of the project (dist, or copies such as dist-before).
// Usage: node scripts/ab-load.mjs dist,dist-before [runs]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { ROOT, launchChromium, pageWithMountStamp, recordingContext, serveDist, typeOnceTheBoxAppears } from '../tests/e2e/harness.mjs';

const builds = (process.argv[2] ?? 'dist').split(',');
const runs = Number(process.argv[3] ?? 9);
const typed = (await readFile(join(ROOT, 'node_modules', 'gpt-tokenizer', 'README.md'), 'utf8')).slice(0, 1000).replaceAll('\r', '');
const count = encode(typed, { disallowedSpecial: new Set() }).length.toLocaleString('en-US');
const servers = {};
for (const build of builds) servers[build] = await serveDist({ root: join(ROOT, build) });
const browser = await launchChromium();
const loads = Object.fromEntries(builds.map((build) => [build, []]));
const creates = Object.fromEntries(builds.map((build) => [build, []]));
try {
  for (let run = 0; run < runs; run++) {
    for (const build of builds) {
      const { context, page } = await pageWithMountStamp(browser);
      await typeOnceTheBoxAppears(page, typed, count);
      await page.goto(`${servers[build].origin}/`);
      await page.waitForFunction(() => window.__countShownAt !== undefined && performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0, null, { timeout: 30_000 });
      loads[build].push(await page.evaluate(() => ({
        mounted: window.__mountedAt,
        box: window.__typedAt,
        shown: window.__countShownAt,
        encoder: performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base')[0].startTime,
      })));
      await context.close();
      if (!process.env.CREATE) continue;
      const fresh = await recordingContext(browser);
      const about = await fresh.context.newPage();
      await about.goto(`${servers[build].origin}/#/about`);
      await about.waitForFunction(() => window.wasmBindings?.BenchTokenizer);
      // Timed once the page has settled (its own compiles and first runs are done).
      await about.waitForTimeout(1500);
      creates[build].push(await about.evaluate(async () => {
        const table = new Uint8Array(await (await fetch('tokenizers/o200k_base.bin')).arrayBuffer());
        // A table that does not read loads the tokenizer's chunk and stops before building.
        await window.wasmBindings.BenchTokenizer.create('o200k_base', new Uint8Array([1, 2, 3])).catch(() => {});
        const times = [];
        for (let i = 0; i < 2; i++) {
          const started = performance.now();
          await window.wasmBindings.BenchTokenizer.create('o200k_base', table);
          times.push(performance.now() - started);
        }
        return times;
      }));
      await fresh.context.close();
    }
  }
} finally {
  await browser.close();
  for (const server of Object.values(servers)) await server.close();
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
};
for (const build of builds) {
  const of = (key) => median(loads[build].map((load) => load[key]));
  let line = `${build}: mounted ${of('mounted')} ms, box ${of('box')}, typed text's count shown ${of('shown')} (${median(loads[build].map((load) => load.shown - load.mounted))} after mount), page's encoder ${of('encoder')} (medians of ${runs}, from navigation)`;
  if (process.env.CREATE) line += `; BenchTokenizer.create first ${median(creates[build].map((times) => times[0]))} ms, second ${median(creates[build].map((times) => times[1]))}`;
  console.log(line);
}
