// Probe: a CPU profile (CDP Profiler, main thread) of a fresh load of the Tokens view,
// from navigation until the default tokenizer is ready; self time by function, for the
// samples between mount and the ready mark. Build with BURNRATE_WASM_NAMES=1 to see
// function names. Usage: node scripts/profile-load.mjs [dist] [runs]
import { resolve, basename } from 'node:path';
import { ROOT, launchChromium, pageWithMountStamp, serveDist } from '../tests/e2e/harness.mjs';
const dist = resolve(ROOT, process.argv[2] ?? 'dist');
const runs = Number(process.argv[3] ?? 1);
const server = await serveDist({ root: dist });
const browser = await launchChromium();
try {
  for (let run = 0; run < runs; run++) {
    const { context, page } = await pageWithMountStamp(browser);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0);
    const { profile } = await cdp.send('Profiler.stop');
    const { mounted, ready, origin } = await page.evaluate(() => ({ mounted: window.__mountedAt, ready: performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base')[0].startTime, origin: performance.timeOrigin }));
    // Profile timestamps are in microseconds of a monotonic clock; align the last sample with `ready`.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    let t = profile.startTime;
    const times = profile.timeDeltas.map((d) => (t += d));
    const end = times[times.length - 1];
    const mountedUs = end - (ready - mounted) * 1000;
    let total = 0;
    profile.samples.forEach((id, i) => {
      if (times[i] < mountedUs) return;
      const f = byId.get(id).callFrame;
      const key = `${basename(f.url || '(native)')} ${f.functionName || '(anon)'}`;
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      total += ms;
      self.set(key, (self.get(key) ?? 0) + ms);
    });
    console.log(`run ${run}: mounted ${mounted.toFixed(0)} ms, ready ${ready.toFixed(0)} ms; ${total.toFixed(0)} ms of samples between`);
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
    await context.close();
  }
} finally { await browser.close(); await server.close(); }
