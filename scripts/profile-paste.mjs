// Probe: a CPU profile (CDP Profiler, main thread) of a real 1 MB paste, self time by
// script file and function. Usage: node scripts/profile-paste.mjs [dist] [corpus name]
import { join, resolve, basename } from 'node:path';
import { ROOT, launchChromium, recordingContext, serveDist } from '../tests/e2e/harness.mjs';
import { CORPUS_DIR, ensureBenchCorpus } from './make-bench-corpus.mjs';
const dist = resolve(ROOT, process.argv[2] ?? 'dist');
const name = process.argv[3] ?? '1mb';
await ensureBenchCorpus();
const server = await serveDist({ root: dist, extra: { '/__bench/corpus/': CORPUS_DIR } });
const browser = await launchChromium();
try {
  const { context } = await recordingContext(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const page = await context.newPage();
  await page.goto(`${server.origin}/#/tokens`);
  await page.fill('[data-testid="token-input"]', 'warm up');
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="token-count"]').textContent));
  await page.fill('[data-testid="token-input"]', '');
  await page.waitForFunction(() => performance.getEntriesByName('burnrate:workers-ready').length > 0, null, { timeout: 30_000 });
  await page.waitForTimeout(1000);
  await page.evaluate(async (name) => {
    const text = await (await fetch(`/__bench/corpus/${name}.txt`)).text();
    await navigator.clipboard.writeText(text);
  }, name);
  await page.focus('[data-testid="token-input"]');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => document.querySelector('[data-testid="token-count"]').getAttribute('data-counted-by') === 'workers', null, { timeout: 120_000, polling: 20 });
  const ms = Date.now() - t0;
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dts = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${basename(f.url || '(native)')} ${f.functionName || '(anon)'}`;
    self.set(key, (self.get(key) ?? 0) + (dts[i] ?? 0) / 1000);
  });
  const byFile = new Map();
  for (const [k, v] of self) { const file = k.split(' ')[0]; byFile.set(file, (byFile.get(file) ?? 0) + v); }
  console.log(`count shown after ${ms} ms`);
  console.log('by file:', JSON.stringify([...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, Math.round(v)])));
  console.log('by function:'); for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
  await context.close();
} finally { await browser.close(); await server.close(); }
