// In-browser token counting benchmark, on the release build in dist/:
//   - Burnrate's counting (tiktoken-rs in wasm, through window.wasmBindings.BenchTokenizer)
//     against gpt-tokenizer (the fastest JavaScript tokenizer) on the same page and the same
//     ~1 MB of mixed text (the fixture corpus: prose, code, JSON, CJK, emoji), alternating
//     runs; reports MB/s for each and the ratio, and checks the counts agree;
//   - building the o200k_base encoder from its table;
//   - 1 MB of a single letter with no spaces (pathological for naive BPE);
//   - on the corpus that does not repeat (scripts/make-bench-corpus.mjs, 1 MB and 10 MB),
//     BenchTokenizer.count with a fresh encoder (built just before, its first count) and a
//     warm one (the same encoder counting again, merges forgotten), against gpt-tokenizer
//     with its merge cache cleared, on the same page, runs alternating; fails when the
//     counts differ.
// Writes artifacts/bench/tokenize.json. Usage: node benches/tokenize.mjs [runs]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, launchChromium, serveDist } from '../tests/e2e/harness.mjs';
import { CORPUS_DIR, ensureBenchCorpus } from '../scripts/make-bench-corpus.mjs';

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

const NON_REPEATING = ['1mb', '10mb'];
const manifest = await ensureBenchCorpus();

const server = await serveDist({
  extra: { '/__bench/gpt-tokenizer/': join(ROOT, 'node_modules/gpt-tokenizer/esm'), '/__bench/corpus/': CORPUS_DIR },
});
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
  // The corpus that does not repeat: fetched by the page itself (no 10 MB argument).
  result.nonRepeating = {};
  for (const name of NON_REPEATING) {
    result.nonRepeating[name] = await page.evaluate(
      async ({ name, runs }) => {
        const text = await (await fetch(`/__bench/corpus/${name}.txt`)).text();
        const bytes = new TextEncoder().encode(text).length;
        const table = new Uint8Array(await (await fetch('tokenizers/o200k_base.bin')).arrayBuffer());
        const gpt = await import('/__bench/gpt-tokenizer/encoding/o200k_base.js');
        const { BenchTokenizer } = window.wasmBindings;
        const times = { fresh: [], warm: [], gptTokenizerCold: [] };
        const counts = { fresh: [], warm: [], gptTokenizerCold: [] };
        for (let run = 0; run < runs; run++) {
          const ours = await BenchTokenizer.create('o200k_base', table);
          let start = performance.now();
          counts.fresh.push(ours.count(text));
          times.fresh.push(performance.now() - start);
          ours.forgetMerges();
          start = performance.now();
          counts.warm.push(ours.count(text));
          times.warm.push(performance.now() - start);
          ours.free?.();
          gpt.clearMergeCache();
          start = performance.now();
          counts.gptTokenizerCold.push(gpt.countTokens(text));
          times.gptTokenizerCold.push(performance.now() - start);
        }
        gpt.clearMergeCache();
        return { bytes, times, counts };
      },
      { name, runs },
    );
  }
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
  non_repeating: {},
};
for (const name of NON_REPEATING) {
  const { bytes, times, counts } = result.nonRepeating[name];
  const rate = (ms) => bytes / 1e6 / (ms / 1000);
  const ms = Object.fromEntries(Object.entries(times).map(([key, values]) => [key, median(values)]));
  const all = Object.values(counts).flat();
  report.non_repeating[name] = {
    bytes,
    corpus_sha256: manifest.files[name].sha256,
    tokens: counts.gptTokenizerCold[0],
    counts_agree: all.every((count) => count === all[0]),
    counts,
    median_ms: { burnrate_fresh_encoder: ms.fresh, burnrate_warm_encoder: ms.warm, gpt_tokenizer_cold_cache: ms.gptTokenizerCold },
    mb_per_s: { burnrate_fresh_encoder: rate(ms.fresh), burnrate_warm_encoder: rate(ms.warm), gpt_tokenizer_cold_cache: rate(ms.gptTokenizerCold) },
    // Paired in each run (runs alternate), then the median.
    ratio_fresh_encoder_to_gpt_tokenizer_cold_cache: median(times.fresh.map((fresh, run) => times.gptTokenizerCold[run] / fresh)),
    ratio_warm_encoder_to_gpt_tokenizer_cold_cache: median(times.warm.map((warm, run) => times.gptTokenizerCold[run] / warm)),
  };
}
report.non_repeating_counts_agree = NON_REPEATING.every((name) => report.non_repeating[name].counts_agree);
await mkdir(join(ARTIFACTS, 'bench'), { recursive: true });
await writeFile(join(ARTIFACTS, 'bench', 'tokenize.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`text: ${result.bytes} bytes; counts ${report.counts_agree ? 'agree' : 'DIFFER'} (${result.counts.burnrate} vs ${result.counts.gptTokenizer})`);
console.log(`warm caches: burnrate ${ours.toFixed(2)} MB/s, gpt-tokenizer ${theirs.toFixed(2)} MB/s: ratio ${report.ratio_burnrate_to_gpt_tokenizer.toFixed(2)}`);
console.log(`cold caches: burnrate ${oursCold.toFixed(2)} MB/s, gpt-tokenizer ${theirsCold.toFixed(2)} MB/s: ratio ${report.ratio_burnrate_to_gpt_tokenizer_cold_cache.toFixed(2)}`);
console.log(`o200k_base encoder built from its table in ${result.buildMs.toFixed(0)} ms`);
console.log(`1 MB of one letter: ${result.letterTokens} tokens in ${result.lettersMs.toFixed(0)} ms`);
for (const name of NON_REPEATING) {
  const figures = report.non_repeating[name];
  const { burnrate_fresh_encoder: fresh, burnrate_warm_encoder: warm, gpt_tokenizer_cold_cache: gpt } = figures.mb_per_s;
  console.log(
    `non-repeating ${name} (${figures.bytes} bytes, ${figures.tokens} tokens, counts ${figures.counts_agree ? 'agree' : `DIFFER: ${JSON.stringify(figures.counts)}`}): ` +
      `burnrate fresh encoder ${fresh.toFixed(2)} MB/s, warm ${warm.toFixed(2)} MB/s, gpt-tokenizer cold ${gpt.toFixed(2)} MB/s: ` +
      `ratios ${figures.ratio_fresh_encoder_to_gpt_tokenizer_cold_cache.toFixed(2)} (fresh), ${figures.ratio_warm_encoder_to_gpt_tokenizer_cold_cache.toFixed(2)} (warm)`,
  );
}
console.log('written to artifacts/bench/tokenize.json');
if (!report.counts_agree || !report.non_repeating_counts_agree) process.exit(1);
