// Times a fresh load of the Tokens view of a built dist/ in headless Chromium, without
// tracing: each file's download (resource timing), the app's performance marks and the
// main thread's long tasks, from navigation start until the default tokenizer is ready.
// For issue #21's "first count ready after interactive".
//
// Usage: node scripts/load-timeline.mjs [dist dir] [runs]
import { resolve } from 'node:path';
import { ROOT, launchChromium, pageWithMountStamp, serveDist } from '../tests/e2e/harness.mjs';

const dist = resolve(ROOT, process.argv[2] ?? 'dist');
const runs = Number(process.argv[3] ?? 3);
const server = await serveDist({ root: dist });
const browser = await launchChromium();
try {
  for (let run = 0; run < runs; run++) {
    const { context, page } = await pageWithMountStamp(browser);
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => [Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.origin}/#/tokens`);
    await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0);
    await page.waitForTimeout(1500);
    const got = await page.evaluate(() => ({
      mounted: window.__mountedAt,
      marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
      resources: performance.getEntriesByType('resource').map((r) => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.responseEnd), r.encodedBodySize]),
      long: window.__long,
    }));
    console.log(`run ${run}: mounted at ${got.mounted.toFixed(0)} ms`);
    for (const [name, at] of got.marks) console.log(`  mark ${at} ${name}`);
    for (const [name, start, end, size] of got.resources) console.log(`  file ${start}-${end} ${name} ${size} B`);
    console.log(`  long tasks [start, ms]: ${JSON.stringify(got.long)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
