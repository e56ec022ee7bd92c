// Reads the chunk loader that wasm-split-cli writes (`__wasm_split.js`) and returns, for
// each split point (a view, the tokenizer), the wasm files its first use downloads: its own
// module and every shared chunk it depends on, in the loader's order. Once packed by
// scripts/wasm.mjs, `placesOf` says in which merged module each small shared chunk is.
// Used by scripts/wasm.mjs (to preload the current view's files) and benches/shell.mjs.
export function splitFiles(loader) {
  const chunkFile = {};
  for (const [, variable, file] of loader.matchAll(
    /const (__chunk_\d+) = (?:makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/|__packed\(")([\w.]+)"/g,
  )) {
    chunkFile[variable] = file;
  }
  const splits = {};
  for (const [, name, file, deps] of loader.matchAll(
    /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w.]+)"[\s\S]*?\n, \[([^\]]*)\]\)\);/g,
  )) {
    const chunks = deps.split(',').map((dep) => dep.trim()).filter(Boolean);
    const unknown = chunks.find((chunk) => !chunkFile[chunk]);
    if (unknown) throw new Error(`__wasm_split.js: ${name} needs ${unknown}, which is not defined`);
    splits[name] = [file, ...chunks.map((chunk) => chunkFile[chunk])];
  }
  if (Object.keys(splits).length === 0) throw new Error('__wasm_split.js: no split points found');
  return splits;
}

/** The `[module]` that holds each small shared chunk, from a loader packed by scripts/wasm.mjs. */
export function placesOf(loader) {
  const json = /^const __PLACES = (\{.*\});$/m.exec(loader)?.[1];
  if (!json) throw new Error('__wasm_split.js: not packed (no __PLACES)');
  return JSON.parse(json);
}
