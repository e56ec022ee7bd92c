// Probe: a Chromium trace of a fresh load of the app (the Tokens view), listing the main
// thread's tasks from the app's mount until the default tokenizer is ready, each with the
// events that took most of its own time. For issue #21's "first count ready after
// interactive". Usage: node scripts/trace-load.mjs [dist] [runs]
import { resolve } from 'node:path';
import { ROOT, launchChromium, pageWithMountStamp, serveDist, startTrace } from '../tests/e2e/harness.mjs';
const dist = resolve(ROOT, process.argv[2] ?? 'dist');
const runs = Number(process.argv[3] ?? 1);
const server = await serveDist({ root: dist });
const browser = await launchChromium();
try {
  for (let run = 0; run < runs; run++) {
    const { context, page } = await pageWithMountStamp(browser);
    const endTrace = await startTrace(context, page, 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,v8.execute,v8,blink,loading');
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0);
    await page.waitForTimeout(200);
    const events = await endTrace();
    const mounted = events.find((e) => e.name === 'trace:mounted');
    const ready = events.find((e) => e.name === 'burnrate:tokenizer-ready:o200k_base');
    const nav = events.find((e) => e.name === 'navigationStart' && e.pid === mounted.pid) ?? mounted;
    const main = events.filter((e) => e.pid === mounted.pid && e.tid === mounted.tid && e.ph === 'X' && e.dur !== undefined)
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    const self = new Map(main.map((e) => [e, e.dur]));
    const tasks = [];
    for (const e of main) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) self.set(parent, self.get(parent) - e.dur);
      e.top = parent ? parent.top : e;
      if (!parent) tasks.push(e);
      stack.push(e);
    }
    const rel = (ts) => ((ts - mounted.ts) / 1000).toFixed(0);
    console.log(`run ${run}: ready ${((ready.ts - mounted.ts) / 1000).toFixed(0)} ms after mount`);
    for (const task of tasks.filter((t) => t.ts + t.dur >= mounted.ts && t.ts <= ready.ts && t.dur > (Number(process.env.MIN_US ?? 3000)))) {
      const parts = new Map();
      for (const e of main) if (e.top === task) {
        const label = e.name + (e.args?.data?.url ? ' ' + e.args.data.url.split('/').pop() : '') + (e.args?.data?.functionName ? ' ' + e.args.data.functionName : '');
        parts.set(label, (parts.get(label) ?? 0) + self.get(e));
      }
      const top = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join('; ');
      console.log(`  +${rel(task.ts)} ${(task.dur / 1000).toFixed(1)} ms: ${top}`);
    }
    await context.close();
  }
} finally { await browser.close(); await server.close(); }
