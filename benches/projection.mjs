// Benchmark of the Projection view in headless Chromium, on the release build in dist/:
// the time from an input change (typing a new "calls per month") until both charts have
// been redrawn with the new figures (DOM updated), and until the next frame after that.
// Measured on the default scenario and on the coding-agent preset with a 120-month horizon.
// Writes artifacts/bench/projection.json and prints a summary. Usage: scripts/bench [runs]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, launchChromium, recordingContext, serveDist } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 5) * 10;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Types `runs` different values into the volume field shown (calls per month, or
 * conversations per month, which the version-2 defaults use); returns [domMs[], frameMs[]].
 */
async function measure(page) {
  return page.evaluate(async (runs) => {
    const input = document.querySelector('[data-testid="calls-per-month"]')
      ?? document.querySelector('[data-testid="conversations-per-month"]');
    const charts = ['chart-waterfall', 'chart-projection'].map((id) => document.querySelector(`[data-testid="${id}"]`));
    const dom = [];
    const frame = [];
    for (let run = 0; run < runs; run++) {
      const before = charts.map((chart) => chart.innerHTML);
      const redrawn = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (charts.every((chart, index) => chart.innerHTML !== before[index])) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        charts.forEach((chart) => observer.observe(chart, { childList: true, subtree: true }));
      });
      const start = performance.now();
      input.value = String(10000 + 137 * (run + 1));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const done = await redrawn;
      dom.push(done - start);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      frame.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return [dom, frame];
  }, runs);
}

const server = await serveDist();
const browser = await launchChromium();
const results = {};
try {
  for (const [name, setup] of [
    ['defaults', async () => {}],
    ['coding-agent, 120 months', async (page) => {
      await page.click('[data-testid="preset-coding-agent"]');
      await page.selectOption('[data-testid="volume-mode"]', 'calls');
      await page.fill('[data-testid="horizon-months"]', '120');
    }],
  ]) {
    const { context } = await recordingContext(browser);
    const page = await context.newPage();
    await page.goto(server.origin + '/#/projection');
    await page.locator('[data-testid="chart-projection"] svg').waitFor();
    await setup(page);
    await page.locator('[data-testid="chart-projection"] svg').waitFor();
    const [dom, frame] = await measure(page);
    results[name] = {
      runs: dom.length,
      medianRedrawnMs: median(dom),
      maxRedrawnMs: Math.max(...dom),
      medianNextFrameMs: median(frame),
    };
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
await mkdir(join(ARTIFACTS, 'bench'), { recursive: true });
await writeFile(join(ARTIFACTS, 'bench', 'projection.json'), JSON.stringify(results, null, 2) + '\n');
for (const [name, result] of Object.entries(results)) {
  console.log(
    `projection recompute (${name}): input → both charts redrawn median ${result.medianRedrawnMs.toFixed(1)} ms ` +
      `(max ${result.maxRedrawnMs.toFixed(1)}), → next frame ${result.medianNextFrameMs.toFixed(1)} ms, ${result.runs} runs`,
  );
}
