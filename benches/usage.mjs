// Benchmark of the Usage log view in headless Chromium, on the release build in dist/:
// loading CSV logs of 100,000 and 1,000,000 rows through the file input. Records the time
// from picking the file to the log read (mark `burnrate:usage-loaded`) and to the
// dashboard drawn, the longest main-thread task and the longest gap of a 10 ms heartbeat
// while loading (is the page usable?), the peak resident memory of the page's renderer
// process, and the time to apply a filter afterwards.
// Writes artifacts/bench/usage.json and prints a summary. Usage: node benches/usage.mjs [runs]
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { ARTIFACTS, launchChromium, recordingContext, serveDist } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 1);
const SIZES = [100_000, 1_000_000];
const FEATURES = [
  ['chat', 'gpt-4o', 1400, 280],
  ['search', 'gpt-4.1-mini', 3600, 220],
  ['summarize', 'claude-sonnet-4-5', 2600, 400],
  ['classify', 'gpt-5-nano', 320, 6],
  ['report', 'claude-opus-4-1', 6000, 1800],
];

/** Writes a log of `rows` calls over 30 days in the article's columns; returns its path. */
async function writeLog(rows) {
  const path = join(ARTIFACTS, 'bench', `usage-${rows}.csv`);
  const out = createWriteStream(path);
  out.write('timestamp,user_id,feature,model,input_tokens,output_tokens,total_tokens,cost,latency_ms,cached,cache_type,error,prompt\n');
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const start = Date.UTC(2026, 9, 1) / 1000;
  let chunk = '';
  for (let row = 0; row < rows; row++) {
    const [feature, model, input, output] = FEATURES[Math.floor(random() * FEATURES.length)];
    const at = new Date((start + Math.floor((row / rows) * 30 * 86400)) * 1000).toISOString().slice(0, 19) + 'Z';
    const inTokens = Math.round(input * (0.5 + random()));
    const outTokens = Math.round(output * (0.5 + random()));
    const cached = random() < 0.1;
    const error = random() < 0.02 ? 'timeout' : '';
    const prompt = random() < 0.2 ? `common-${Math.floor(random() * 50)}` : `p${row}`;
    chunk += `${at},user-${Math.floor(2000 * random() ** 3)},${feature},${model},${inTokens},${outTokens},${inTokens + outTokens},${cached ? 0 : ''},${Math.round(300 + 3000 * random())},${cached},,${error},${prompt}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return path;
}

/** Resident memory (bytes) of every Chromium renderer process. */
function rendererRss() {
  try {
    const text = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
    return text
      .split('\n')
      .filter((line) => line.includes('--type=renderer'))
      .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0]) * 1024, 0);
  } catch {
    return 0;
  }
}

await mkdir(join(ARTIFACTS, 'bench'), { recursive: true });
const server = await serveDist();
const browser = await launchChromium();
const results = {};
try {
  for (const rows of SIZES) {
    const path = await writeLog(rows);
    const bytes = (await stat(path)).size;
    for (let run = 0; run < runs; run++) {
      const { context } = await recordingContext(browser);
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__longest = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${server.origin}/#/usage`);
      await page.locator('[data-testid="view-usage"]').waitFor();
      const before = rendererRss();
      let peak = before;
      const sampler = setInterval(() => { peak = Math.max(peak, rendererRss()); }, 100);
      await page.evaluate(() => {
        window.__longest = 0;
        window.__gap = 0;
        window.__started = performance.now();
        let last = performance.now();
        window.__heartbeat = setInterval(() => {
          const now = performance.now();
          window.__gap = Math.max(window.__gap, now - last);
          last = now;
        }, 10);
      });
      await page.setInputFiles('[data-testid="usage-file"]', path);
      await page.locator('[data-testid="usage-dashboard"]').waitFor({ timeout: 600_000 });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
      const timing = await page.evaluate(() => {
        clearInterval(window.__heartbeat);
        const mark = performance.getEntriesByName('burnrate:usage-loaded').at(-1);
        return {
          readMs: mark.startTime - window.__started,
          dashboardMs: performance.now() - window.__started,
          longestTaskMs: window.__longest,
          longestGapMs: window.__gap,
        };
      });
      clearInterval(sampler);
      peak = Math.max(peak, rendererRss());
      const filterStart = Date.now();
      await page.selectOption('[data-testid="usage-filter-feature"]', 'report');
      await page.waitForFunction(() => document.querySelector('[data-testid="usage-scope"]').textContent.includes('feature report'));
      const filterMs = Date.now() - filterStart;
      const requests = await page.locator('[data-testid="usage-requests"]').innerText();
      results[`${rows}`] ??= [];
      results[`${rows}`].push({ bytes, ...timing, filterMs, requestsAfterFilter: requests, rssBeforeMb: before / 2 ** 20, rssPeakMb: peak / 2 ** 20 });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
await writeFile(join(ARTIFACTS, 'bench', 'usage.json'), JSON.stringify(results, null, 2));
for (const [rows, list] of Object.entries(results)) {
  for (const r of list) {
    console.log(
      `${Number(rows).toLocaleString('en')} rows (${(r.bytes / 2 ** 20).toFixed(1)} MB): read ${(r.readMs / 1000).toFixed(2)} s, dashboard ${(r.dashboardMs / 1000).toFixed(2)} s, ` +
        `longest task ${r.longestTaskMs.toFixed(0)} ms, longest heartbeat gap ${r.longestGapMs.toFixed(0)} ms, ` +
        `renderer RSS ${r.rssBeforeMb.toFixed(0)} → peak ${r.rssPeakMb.toFixed(0)} MB, filter ${r.filterMs} ms`,
    );
  }
}
