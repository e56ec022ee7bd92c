// In-browser token counting benchmark, on the release build in dist/:
//   - Burnrate's counting (tiktoken-rs in wasm, through window.wasmBindings.BenchTokenizer)
//     against gpt-tokenizer (the fastest JavaScript tokenizer) on the same page and the same
//     ~1 MB of mixed text (the fixture corpus: prose, code, JSON, CJK, emoji), alternating
//     runs; reports MB/s for each and the ratio, and checks the counts agree;
//   - building the o200k_base encoder from its table;
//   - 1 MB of a single letter with no spaces (pathological for naive BPE).
// Writes artifacts/bench/tokenize.json. Usage: node benches/tokenize.mjs [runs]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, launchChromium, serveDist } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const corpusDir = join(ROOT, 'tests/fixtures/tokens/corpus');
// Left out: special-token text, and the files where gpt-tokenizer is known to count
// differently from OpenAI's tiktoken (listed in counts.json; Burnrate follows tiktoken), so
// that the two counts below can be compared.
const { differences = [] } = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/tokens/counts.json'), 'utf8'));
const disputed = new Set(differences.map((difference) => difference.file));
const files = (await readdir(corpusDir)).filter((file) => !file.includes('special') && !disputed.has(file)).sort();
const corpus = (await Promise.all(files.map((file) => readFile(join(corpusDir, file), 'utf8')))).join('\n');
const text = corpus.repeat(Math.ceil(1_000_000 / corpus.length));

const server = await serveDist({ extra: { '/__bench/gpt-tokenizer/': join(ROOT, 'node_modules/gpt-tokenizer/esm') } });
const browser = await launchChromium();
let result;
try {
  const page = await browser.newPage();
  await page.goto(server.origin + '/#/tokens');
  await page.waitForFunction(() => window.wasmBindings?.BenchTokenizer);
  // The view has loaded the tokenizer's chunk by then, so the build below is timed alone.
  await page.waitForFunction(() => performance.getEntriesByName('burnrate:tokenizer-ready:o200k_base').length > 0);
  result = await page.evaluate(
    async ({ text, runs }) => {
      const bytes = new TextEncoder().encode(text).length;
      const table = new Uint8Array(await (await fetch('tokenizers/o200k_base.bin')).arrayBuffer());
      let start = performance.now();
      const ours = await window.wasmBindings.BenchTokenizer.create('o200k_base', table);
      const buildMs = performance.now() - start;
      const gpt = await import('/__bench/gpt-tokenizer/encoding/o200k_base.js');
      const counts = { burnrate: ours.count(text), gptTokenizer: gpt.countTokens(text) };
      // Both remember the merges of pieces they have seen; the text repeats the corpus, so
      // each is timed warm (cache kept, as in a long session) and cold (cache cleared).
      const times = { burnrate: [], burnrateCold: [], gptTokenizer: [], gptTokenizerCold: [] };
      for (let run = 0; run < runs; run++) {
        start = performance.now();
        ours.count(text);
        times.burnrate.push(performance.now() - start);
        ours.forgetMerges();
        start = performance.now();
        ours.count(text);
        times.burnrateCold.push(performance.now() - start);
        start = performance.now();
        gpt.countTokens(text);
        times.gptTokenizer.push(performance.now() - start);
        gpt.clearMergeCache();
        start = performance.now();
        gpt.countTokens(text);
        times.gptTokenizerCold.push(performance.now() - start);
      }
      const letters = 'a'.repeat(1_000_000);
      start = performance.now();
      const letterTokens = ours.count(letters);
      const lettersMs = performance.now() - start;
      return { bytes, buildMs, counts, times, letterTokens, lettersMs };
    },
    { text, runs },
  );
} finally {
  await browser.close();
  await server.close();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mbPerSecond = (ms) => result.bytes / 1e6 / (ms / 1000);
const ours = mbPerSecond(median(result.times.burnrate));
const oursCold = mbPerSecond(median(result.times.burnrateCold));
const theirs = mbPerSecond(median(result.times.gptTokenizer));
const theirsCold = mbPerSecond(median(result.times.gptTokenizerCold));
const report = {
  measured_at: new Date().toISOString(),
  text_bytes: result.bytes,
  runs,
  counts_agree: result.counts.burnrate === result.counts.gptTokenizer,
  counts: result.counts,
  median_ms: {
    burnrate: median(result.times.burnrate),
    burnrate_cold_cache: median(result.times.burnrateCold),
    gpt_tokenizer: median(result.times.gptTokenizer),
    gpt_tokenizer_cold_cache: median(result.times.gptTokenizerCold),
  },
  mb_per_s: { burnrate: ours, burnrate_cold_cache: oursCold, gpt_tokenizer: theirs, gpt_tokenizer_cold_cache: theirsCold },
  ratio_burnrate_to_gpt_tokenizer: ours / theirs,
  ratio_burnrate_to_gpt_tokenizer_cold_cache: oursCold / theirsCold,
  o200k_encoder_build_ms: result.buildMs,
  one_mb_single_letter: { tokens: result.letterTokens, ms: result.lettersMs },
};
await mkdir(join(ARTIFACTS, 'bench'), { recursive: true });
await writeFile(join(ARTIFACTS, 'bench', 'tokenize.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`text: ${result.bytes} bytes; counts ${report.counts_agree ? 'agree' : 'DIFFER'} (${result.counts.burnrate} vs ${result.counts.gptTokenizer})`);
console.log(`warm caches: burnrate ${ours.toFixed(2)} MB/s, gpt-tokenizer ${theirs.toFixed(2)} MB/s: ratio ${report.ratio_burnrate_to_gpt_tokenizer.toFixed(2)}`);
console.log(`cold caches: burnrate ${oursCold.toFixed(2)} MB/s, gpt-tokenizer ${theirsCold.toFixed(2)} MB/s: ratio ${report.ratio_burnrate_to_gpt_tokenizer_cold_cache.toFixed(2)}`);
console.log(`o200k_base encoder built from its table in ${result.buildMs.toFixed(0)} ms`);
console.log(`1 MB of one letter: ${result.letterTokens} tokens in ${result.lettersMs.toFixed(0)} ms`);
console.log('written to artifacts/bench/tokenize.json');
if (!report.counts_agree) process.exit(1);
