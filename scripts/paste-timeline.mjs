// Times the phases of a real paste (clipboard + Control+V) into the Tokens view of a built
// dist/ in headless Chromium, without tracing (a trace slows the page): from the key press
// to the paste event, to the end of reading the pasted text ("Reading the pasted text…"
// gone), to the first progress, to the exact count; with gpt-tokenizer's cold count of
// the same text in the same page for the ratio. The text is the bench corpus
// (scripts/make-bench-corpus.mjs), so the figures are those of benches/paste.mjs.
//
// Usage: node scripts/paste-timeline.mjs [dist dir] [corpus names, comma-separated] [runs]
//   e.g. node scripts/paste-timeline.mjs dist 1mb,10mb 3
import { join, resolve } from 'node:path';
import { ROOT, launchChromium, recordingContext, serveDist } from '../tests/e2e/harness.mjs';
import { CORPUS_DIR, ensureBenchCorpus } from './make-bench-corpus.mjs';

const dist = resolve(ROOT, process.argv[2] ?? 'dist');
const names = (process.argv[3] ?? '1mb,10mb').split(',');
const runs = Number(process.argv[4] ?? 2);
await ensureBenchCorpus();
const GPT_ESM = join(ROOT, 'node_modules/gpt-tokenizer/esm');
const server = await serveDist({ root: dist, extra: { '/__bench/gpt-tokenizer/': GPT_ESM, '/__bench/corpus/': CORPUS_DIR } });
const browser = await launchChromium();
try {
  for (let run = 0; run < runs; run++) {
    for (const name of names) {
      const { context } = await recordingContext(browser);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      const page = await context.newPage();
      await page.goto(`${server.origin}/#/tokens`);
      await page.fill('[data-testid="token-input"]', 'warm up');
      await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="token-count"]').textContent));
      await page.fill('[data-testid="token-input"]', '');
      await page.waitForTimeout(2500);
      await page.waitForFunction(() => performance.getEntriesByName('burnrate:workers-ready').length > 0 || !window.burnrateCountWorker, null, { timeout: 20_000 });
      const expected = await page.evaluate(async (name) => {
        const text = await (await fetch(`/__bench/corpus/${name}.txt`)).text();
        await navigator.clipboard.writeText(text);
        const tokenizer = await import('/__bench/gpt-tokenizer/encoding/o200k_base.js');
        tokenizer.clearMergeCache();
        const start = performance.now();
        const tokens = tokenizer.countTokens(text);
        window.__gptMs = performance.now() - start;
        tokenizer.clearMergeCache();
        const phases = (window.__phases = {});
        const count = document.querySelector('[data-testid="token-count"]');
        const stamp = (key) => { phases[key] ??= performance.now(); };
        document.addEventListener('keydown', (event) => { if (event.key.toLowerCase() === 'v') phases.key = event.timeStamp; }, { capture: true });
        document.addEventListener('paste', () => stamp('paste'), { capture: true });
        new MutationObserver(() => {
          const status = document.body.textContent;
          if (status.includes('Reading the pasted text')) stamp('reading');
          else if (phases.reading) stamp('read');
          if (document.querySelector('[data-testid="count-progress"]')) stamp('progress');
          if (count.textContent.replaceAll(',', '') === String(tokens)) {
            const at = performance.now();
            requestAnimationFrame(() => { phases.painted ??= performance.now(); });
            stamp('counted');
            phases.countedAt = at;
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        window.__long = [];
        new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((entry) => [Math.round(entry.startTime), Math.round(entry.duration)]))).observe({ type: 'longtask' });
        return tokens;
      }, name);
      await page.focus('[data-testid="token-input"]');
      await page.keyboard.press('Control+V');
      await page.waitForFunction(() => window.__phases.painted !== undefined, null, { timeout: 120_000, polling: 50 });
      const { phases, gptMs, long } = await page.evaluate(() => ({ phases: window.__phases, gptMs: window.__gptMs, long: window.__long }));
      const from = phases.key;
      const rel = Object.fromEntries(Object.entries(phases).filter(([k]) => k !== 'countedAt').map(([k, v]) => [k, Math.round(v - from)]));
      const total = phases.painted - from;
      console.log(`${name} run ${run}: ${JSON.stringify(rel)} gpt ${gptMs.toFixed(0)} ms ratio ${(gptMs / total).toFixed(2)} tokens ${expected}`);
      console.log(`   long tasks (start from key, ms): ${JSON.stringify(long.map(([s, d]) => [Math.round(s - from), d]))}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
