// Traces a real paste (clipboard + Control+V) into the Tokens view of a built dist/ in
// headless Chromium, for several sizes of a text that does not repeat, and breaks the
// main thread's time down from the paste until `token-count` shows the exact count.
//
// The text (tests/e2e/paste-corpus.mjs) is built from files on the machine, each used
// once. Exact counts come from gpt-tokenizer (o200k_base).
//
// Usage: node scripts/trace-paste.mjs [dist dir] [sizes in KB, comma-separated] [runs]
//   e.g. node scripts/trace-paste.mjs dist-before 100,256,512,1000,2000,10000 1
// Writes artifacts/trace-paste/<dist>-<size>.json (the breakdown) and prints a table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ARTIFACTS, ROOT, launchChromium, recordingContext, serveDist, startTrace } from '../tests/e2e/harness.mjs';
import { corpus, prefixOf } from '../tests/e2e/paste-corpus.mjs';

const dist = resolve(ROOT, process.argv[2] ?? 'dist');
const sizes = (process.argv[3] ?? '100,256,512,1000,2000,10000').split(',').map((kb) => Number(kb) * 1000);
const runs = Number(process.argv[4] ?? 1);

/** Self time (dur minus children's) of the complete events of one thread, by a label. */
function breakdown(events, from, to) {
  const main = events
    .filter((event) => event.pid === from.pid && event.tid === from.tid && event.ph === 'X' && event.dur !== undefined)
    .filter((event) => event.ts + event.dur >= from.ts && event.ts <= to.ts)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  const byName = {};
  const byTask = {};
  const tasks = [];
  // The dispatch a piece of work ran under: an event's handler, a timer, a frame.
  const dispatch = (event) => {
    if (event.name === 'EventDispatch') return `event:${event.args?.data?.type}`;
    if (event.name === 'TimerFire') return 'timer';
    if (event.name === 'FireAnimationFrame') return 'animation-frame';
    if (event.name === 'ParseHTML' || event.name === 'EvaluateScript') return 'load';
    return null;
  };
  // What kind of work an event's own time is.
  const kind = (event) => {
    if (/Layout|Paint|Style|Layer|Commit|HitTest|Raster|Composite|IntersectionObserver/.test(event.name)) return 'layout+paint';
    if (/FunctionCall|v8|V8|GC|Compile|RunMicrotasks|EvaluateScript/.test(event.name)) return 'script';
    return 'browser';
  };
  const selfOf = new Map(main.map((event) => [event, event.dur]));
  for (const event of main) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= event.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) selfOf.set(parent, selfOf.get(parent) - event.dur);
    event.parent = parent;
    stack.push(event);
    if (event.name === 'RunTask' && !parent) tasks.push(event);
  }
  for (const event of main) {
    const self = Math.max(0, selfOf.get(event)) / 1000;
    byName[event.name] = (byName[event.name] ?? 0) + self;
    let under = 'no dispatch';
    for (let at = event; at; at = at.parent) {
      if (dispatch(at)) {
        under = dispatch(at);
        break;
      }
    }
    under += ` / ${kind(event)}`;
    byTask[under] = (byTask[under] ?? 0) + self;
  }
  const round = (object) =>
    Object.fromEntries(Object.entries(object).filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1]).map(([k, ms]) => [k, Number(ms.toFixed(1))]));
  const durations = tasks.map((task) => task.dur / 1000);
  return {
    busy_ms: Number(durations.reduce((a, b) => a + b, 0).toFixed(1)),
    longest_task_ms: Number(Math.max(0, ...durations).toFixed(1)),
    tasks_over_50ms: durations.filter((ms) => ms > 50).map((ms) => Number(ms.toFixed(1))),
    by_dispatch: round(byTask),
    by_event: round(byName),
  };
}

async function tracePaste(browser, origin, text, expected) {
  const { context } = await recordingContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(`${origin}/#/tokens`);
  const input = page.locator('[data-testid="token-input"]');
  await input.fill('warm up');
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="token-count"]').textContent));
  await input.fill('');
  await page.waitForTimeout(1500);
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await input.focus();
  const endTrace = await startTrace(context, page, 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,v8.execute,blink');
  await page.evaluate((want) => {
    const count = document.querySelector('[data-testid="token-count"]');
    window.__counted = new Promise((done) => {
      const look = () => {
        if (count.textContent.replaceAll(',', '') === String(want)) {
          observer.disconnect();
          performance.mark('trace:counted');
          done(performance.now());
        }
      };
      const observer = new MutationObserver(look);
      observer.observe(count, { subtree: true, childList: true, characterData: true });
    });
    // Every long task, as the page sees it.
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });
    window.__start = performance.now();
    performance.mark('trace:paste');
  }, expected);
  await page.keyboard.press('Control+V');
  const countedAt = await page.evaluate(() => window.__counted);
  const { start, boxBytes, readonly, note } = await page.evaluate(() => ({
    start: window.__start,
    boxBytes: new TextEncoder().encode(document.querySelector('[data-testid="token-input"]').value).length,
    readonly: document.querySelector('[data-testid="token-input"]').readOnly,
    note: Boolean(document.querySelector('[data-testid="large-text-note"]')),
  }));
  // What follows the count (its frame, the save a moment later).
  await page.waitForTimeout(400);
  await page.evaluate(() => performance.mark('trace:done'));
  const events = await endTrace();
  const mark = (name) => events.find((event) => event.name === name);
  const [from, counted, to] = [mark('trace:paste'), mark('trace:counted'), mark('trace:done')];
  const longTasks = await page.evaluate(() => window.__long.map((ms) => Math.round(ms)));
  await context.close();
  return {
    count_ms: Number((countedAt - start).toFixed(1)),
    box_bytes: boxBytes,
    box_readonly: readonly,
    large_text_note: note,
    long_tasks_seen_by_page: longTasks,
    until_count: breakdown(events, from, counted),
    after_count_400ms: breakdown(events, counted, to),
  };
}

const text = corpus(Math.max(...sizes) + 100_000);
const { encode } = await import('gpt-tokenizer/encoding/o200k_base');
const server = await serveDist({ root: dist });
const browser = await launchChromium();
const outDir = join(ARTIFACTS, 'trace-paste');
mkdirSync(outDir, { recursive: true });
const rows = [];
try {
  for (const size of sizes) {
    const pasted = prefixOf(text, size);
    const bytes = Buffer.byteLength(pasted);
    const expected = encode(pasted).length;
    for (let run = 0; run < runs; run++) {
      const result = { dist: basename(dist), bytes, tokens: expected, ...(await tracePaste(browser, server.origin, pasted, expected)) };
      writeFileSync(join(outDir, `${basename(dist)}-${size / 1000}k-${run}.json`), JSON.stringify(result, null, 2) + '\n');
      rows.push(result);
      const mb = bytes / 1e6;
      console.log(
        `${basename(dist)} ${String(size / 1000).padStart(6)} KB: count in ${result.count_ms.toFixed(0).padStart(5)} ms ` +
          `(${(result.count_ms / 1000 / mb).toFixed(3)} s/MB), busy ${result.until_count.busy_ms} ms, longest task ${result.until_count.longest_task_ms} ms, ` +
          `box ${result.box_bytes} B${result.box_readonly ? ' read-only' : ''}`,
      );
      console.log('   until count:', JSON.stringify(result.until_count.by_dispatch));
      console.log('   events:', JSON.stringify(Object.fromEntries(Object.entries(result.until_count.by_event).slice(0, 12))));
      console.log('   after count:', JSON.stringify(result.after_count_400ms.by_dispatch), 'longest', result.after_count_400ms.longest_task_ms);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
