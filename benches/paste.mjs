// A 10 MB paste into the Tokens view, 2.5 s after the page opened, in headless Chromium on
// the release build in dist/:
// the longest main-thread task from the paste until the exact count shows (from a
// Chromium trace, so tasks under the Long Tasks API's 50 ms floor are measured too), how
// late a timer set while counting fires, and the time to the count.
// Writes artifacts/bench/paste.json. Usage: node benches/paste.mjs [runs]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, launchChromium, recordingContext, serveDist } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 3);
const corpusDir = join(ROOT, 'tests/fixtures/tokens/corpus');
const files = (await readdir(corpusDir)).filter((file) => !/special|crlf|whitespace/.test(file)).sort();
const corpus = (await Promise.all(files.map((file) => readFile(join(corpusDir, file), 'utf8')))).join('\n');
const text = corpus.repeat(Math.ceil(10_000_000 / corpus.length));

const server = await serveDist();
const browser = await launchChromium();
const results = [];
try {
  for (let run = 0; run < runs; run++) {
    const { context } = await recordingContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/#/tokens`);
    await page.fill('[data-testid="token-input"]', 'warm up');
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="token-count"]').textContent));
    await page.fill('[data-testid="token-input"]', '');
    // Paste as a person would: a few seconds after the page opened, once it has settled.
    await page.waitForTimeout(2500);
    await page.evaluate((value) => { window.__paste = value; }, text);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
    const run = await page.evaluate(async () => {
      performance.mark('bench:paste');
      const input = document.querySelector('[data-testid="token-input"]');
      const count = document.querySelector('[data-testid="token-count"]');
      const start = performance.now();
      const data = new DataTransfer();
      data.setData('text/plain', window.__paste);
      input.focus();
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      const lag = await new Promise((resolve) => {
        const set = performance.now();
        setTimeout(() => resolve(performance.now() - set), 0);
      });
      while (!/^[\d,]{7,}$/.test(count.textContent)) await new Promise((resolve) => setTimeout(resolve, 20));
      const countMs = performance.now() - start;
      // The frame that shows the count, and what follows it.
      await new Promise((resolve) => setTimeout(resolve, 100));
      performance.mark('bench:done');
      return { timerLagMs: lag, countMs, tokens: Number(count.textContent.replaceAll(',', '')) };
    });
    const trace = JSON.parse((await browser.stopTracing()).toString());
    results.push({ longestTaskMs: longestTask(trace.traceEvents), ...run });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
/** The longest task on the page's main thread between the marks bench:paste and bench:done. */
function longestTask(events) {
  const mark = (name) => events.find((event) => event.name === name);
  const [from, to] = [mark('bench:paste'), mark('bench:done')];
  if (!from || !to) throw new Error('the trace has no bench marks');
  const tasks = events.filter(
    (event) => event.name === 'RunTask' && event.pid === from.pid && event.tid === from.tid && event.ts + event.dur >= from.ts && event.ts <= to.ts,
  );
  return Math.max(0, ...tasks.map((event) => event.dur / 1000));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const report = {
  measured_at: new Date().toISOString(),
  text_bytes: Buffer.byteLength(text),
  runs: results,
  longest_task_ms_median: median(results.map((run) => run.longestTaskMs)),
  timer_lag_ms_median: median(results.map((run) => run.timerLagMs)),
  count_ms_median: median(results.map((run) => run.countMs)),
};
await mkdir(join(ARTIFACTS, 'bench'), { recursive: true });
await writeFile(join(ARTIFACTS, 'bench', 'paste.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`10 MB paste: longest task ${report.longest_task_ms_median.toFixed(0)} ms, timer lag ${report.timer_lag_ms_median.toFixed(0)} ms, counted in ${(report.count_ms_median / 1000).toFixed(2)} s (medians of ${runs})`);
