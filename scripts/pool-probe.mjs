// Probe: BenchTokenizer.poolCount (the workers alone) vs gpt-tokenizer cold, same page.
// Usage: node scripts/pool-probe.mjs [dist] [names]
import { join, resolve } from 'node:path';
import { ROOT, launchChromium, recordingContext, serveDist } from '../tests/e2e/harness.mjs';
import { CORPUS_DIR, ensureBenchCorpus } from './make-bench-corpus.mjs';
const dist = resolve(ROOT, process.argv[2] ?? 'dist');
const names = (process.argv[3] ?? '1mb,10mb').split(',');
await ensureBenchCorpus();
const server = await serveDist({ root: dist, extra: { '/__bench/gpt-tokenizer/': join(ROOT, 'node_modules/gpt-tokenizer/esm'), '/__bench/corpus/': CORPUS_DIR } });
const browser = await launchChromium();
try {
  for (const name of names) {
    const { context } = await recordingContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.origin}/#/tokens`);
    await page.waitForFunction(() => performance.getEntriesByName('burnrate:workers-ready').length > 0, null, { timeout: 30_000 });
    if (process.env.ORDER) await page.evaluate((o) => { window.__order = o; }, JSON.parse(process.env.ORDER));
    const out = await page.evaluate(async (name) => {
      const text = await (await fetch(`/__bench/corpus/${name}.txt`)).text();
      const B = window.wasmBindings.BenchTokenizer;
      const r = { size: B.poolSize() };
      if (name === 'slices') {
        const big = await (await fetch(`/__bench/corpus/10mb.txt`)).text();
        r.slices = [];
        for (const k of (window.__order ?? [0, 1, 2, 3, 4, 5])) {
          const part = big.slice(k * 1_000_000, (k + 1) * 1_000_000);
          const s = performance.now();
          await B.poolCount('o200k_base', part);
          r.slices.push(Math.round(performance.now() - s));
        }
        return r;
      }
      for (const k of ['pool1', 'pool2']) {
        const s = performance.now();
        r[k + 'Tokens'] = await B.poolCount('o200k_base', text);
        r[k] = Math.round(performance.now() - s);
      }
      const table = new Uint8Array(await (await fetch('tokenizers/o200k_base.bin')).arrayBuffer());
      const ours = await B.create('o200k_base', table);
      for (const k of ['page1', 'page2']) {
        ours.forgetMerges();
        const s = performance.now();
        r[k + 'Tokens'] = ours.count(text);
        r[k] = Math.round(performance.now() - s);
      }
      const g = await import('/__bench/gpt-tokenizer/encoding/o200k_base.js');
      g.clearMergeCache();
      const s = performance.now();
      r.gptTokens = g.countTokens(text);
      r.gpt = Math.round(performance.now() - s);
      return r;
    }, name);
    console.log(name, JSON.stringify(out));
    await context.close();
  }
} finally { await browser.close(); await server.close(); }
