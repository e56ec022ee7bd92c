// Builds the app's wasm, split into a small shell and chunks loaded on demand, into Trunk's
// staging directory. Trunk runs it as a post_build hook (see Trunk.toml), after it has
// written index.html; Trunk's own Rust pipeline is skipped (`data-trunk-skip` in
// index.html) because it cannot split a wasm.
//
// 1. cargo builds the `burnrate` binary for wasm32 (with relocations, see
//    .cargo/config.toml), in the profile Trunk was asked for;
// 2. wasm-split-cli (crate wasm_split_cli_support) cuts it at the split points that
//    `#[wasm_split]` marks in the code (each view, the tokenizer): the shell keeps what
//    runs before a view is shown; each view's code, and code that only views share, go
//    into chunks that `__wasm_split.js` downloads the first time they are needed;
// 3. wasm-bindgen writes the shell's JavaScript glue; in release, wasm-opt -Oz shrinks
//    the shell and every chunk;
// 4. the counting workers' wasm (crates/count-worker) is built on its own, for speed
//    (the `worker` profile, wasm-opt -O3), with its script count-worker.js; the app loads
//    them only when its pool of workers starts, after the page is interactive;
// 5. everything goes into `pkg-<hash>/`, named by a hash of its contents, so that a new
//    deploy never mixes with chunks cached from an older one; `boot.js` there starts the
//    app, and index.html gets the tags that load it.
//
// Usage (normally from Trunk): node scripts/wasm.mjs, with TRUNK_STAGING_DIR,
// TRUNK_PROFILE (release | debug) and TRUNK_PUBLIC_URL set.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutRelocations } from './wasm-sections.mjs';
import { splitFiles } from './split-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('scripts/wasm.mjs: TRUNK_STAGING_DIR is not set (run it through trunk)');
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const NAME = 'burnrate';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

async function runAll(jobs, width) {
  const queue = [...jobs];
  const workers = Array.from({ length: width }, async () => {
    while (queue.length > 0) await queue.shift()();
  });
  await Promise.all(workers);
}

const profileDir = release ? 'release' : 'debug';
run('cargo', ['build', '--quiet', '--target', 'wasm32-unknown-unknown', '--bin', NAME, ...(release ? ['--release'] : [])]);
const input = join(root, 'target', 'wasm32-unknown-unknown', profileDir, `${NAME}.wasm`);

const work = join(root, 'target', 'wasm-split', profileDir);
const pkg = join(work, 'pkg');
await rm(work, { recursive: true, force: true });
await mkdir(pkg, { recursive: true });
run('wasm-split-cli', [input, work, '--out-name', NAME]);
run('wasm-bindgen', [
  '--target', 'web',
  '--keep-lld-exports',
  '--no-demangle',
  '--no-typescript',
  '--out-dir', pkg,
  '--out-name', NAME,
  join(work, `${NAME}.wasm`),
]);
for (const file of await readdir(work)) {
  if (file.endsWith('.wasm') && file !== `${NAME}.wasm`) await rename(join(work, file), join(pkg, file));
}
await rename(join(work, '__wasm_split.js'), join(pkg, '__wasm_split.js'));

const wasmFiles = (await readdir(pkg)).filter((file) => file.endsWith('.wasm'));
if (release) {
  // The npm package binaryen, pinned in package.json: Debian's older wasm-opt builds a
  // wasm that crashes in the browser.
  const version = spawnSync('wasm-opt', ['--version'], { encoding: 'utf8' }).stdout ?? '';
  if (!/version 132\b/.test(version)) throw new Error(`scripts/wasm.mjs: wasm-opt version 132 is needed, found "${version.trim()}" (run scripts/setup)`);
  await runAll(
    wasmFiles.map((file) => async () => {
      const path = join(pkg, file);
      await new Promise((resolve, reject) => {
        // BURNRATE_WASM_NAMES=1 keeps the functions' names, for profiling a build (larger).
        const names = process.env.BURNRATE_WASM_NAMES === '1' ? ['-g'] : [];
        const child = spawn('wasm-opt', ['-Oz', ...names, path, '-o', path], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
        // wasm-opt does not know the name subsection wasm-split-cli writes; it drops it
        // (names are not kept in release) and says so for every file.
        child.stderr.on('data', (data) => {
          const lines = String(data).split('\n').filter((line) => line && !line.includes('unknown name subsection'));
          if (lines.length) process.stderr.write(lines.join('\n') + '\n');
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wasm-opt ${file} failed (exit ${code})`))));
      });
    }),
    Math.max(1, availableParallelism()),
  );
}

// The counting workers: their own wasm, optimized for speed, and their script. Not on the
// first visit's path: the pool (src/ui/count_pool.rs) starts them after the page is
// interactive. Built after the -Oz pass above so that it stays -O3.
const WORKER = 'count_worker';
run('cargo', ['build', '--quiet', '--target', 'wasm32-unknown-unknown', '-p', 'burnrate-count-worker', '--lib', '--profile', release ? 'worker' : 'dev']);
run('wasm-bindgen', [
  '--target', 'web',
  '--no-typescript',
  '--out-dir', pkg,
  '--out-name', WORKER,
  join(root, 'target', 'wasm32-unknown-unknown', release ? 'worker' : 'debug', 'burnrate_count_worker.wasm'),
]);
// The relocations every wasm of this target keeps for wasm-split-cli (.cargo/config.toml)
// are of no use in the worker's, which is not split: 643 KB raw of its 1.7 MB, 119 KB of
// its 385 KB brotli. They go before wasm-opt, which then reads a standard module.
await writeFile(join(pkg, `${WORKER}_bg.wasm`), withoutRelocations(await readFile(join(pkg, `${WORKER}_bg.wasm`))));
if (release) run('wasm-opt', ['-O3', join(pkg, `${WORKER}_bg.wasm`), '-o', join(pkg, `${WORKER}_bg.wasm`)]);
await writeFile(join(pkg, 'count-worker.js'), await readFile(join(root, 'scripts', 'count-worker.js')));

// The shared pack. wasm-split-cli writes a chunk for every set of split points that share
// code: over a hundred files, most under 2 KB, which over HTTP/1.1 cost more in round
// trips than in bytes. The chunks that several split points share and that are under
// 16 KB are joined into one file, `pack_shared.bin` (every view needs some of them); the
// loader fetches it once and hands each chunk to WebAssembly as its own Response. Every
// other file (a view's own code, a large shared piece such as the regex compiler) stays
// a .wasm of its own, compiled while it downloads.
const SMALL_BYTES = 16 * 1024;
const PACK = 'pack_shared.bin';
const loaderPath = join(pkg, '__wasm_split.js');
let loader = await readFile(loaderPath, 'utf8');
const splits = splitFiles(loader);
const usersOf = {};
for (const [name, files] of Object.entries(splits)) {
  for (const file of files) (usersOf[file] ??= []).push(name);
}
const packed = [];
for (const [file, users] of Object.entries(usersOf)) {
  if (users.length > 1 && (await readFile(join(pkg, file))).length < SMALL_BYTES) packed.push(file);
}
const place = {};
const parts = [];
let offset = 0;
for (const file of packed.sort()) {
  const bytes = await readFile(join(pkg, file));
  place[file] = [PACK, offset, bytes.length];
  offset += bytes.length;
  parts.push(bytes);
  await rm(join(pkg, file));
}
if (parts.length > 0) await writeFile(join(pkg, PACK), Buffer.concat(parts));
let replaced = 0;
loader = loader.replace(/fetch\(new URL\("\.\/([\w.]+)", import\.meta\.url\)\)/g, (call, file) => {
  if (!place[file]) return call;
  replaced += 1;
  return `__fetchWasm(${JSON.stringify(file)})`;
});
if (replaced !== packed.length) {
  throw new Error(`scripts/wasm.mjs: ${replaced} fetches replaced in __wasm_split.js for ${packed.length} packed files`);
}
loader = `// Packed by scripts/wasm.mjs: each packed wasm file is [pack, offset, length].
const __PLACES = ${JSON.stringify(place)};
const __packs = new Map();
function __fetchWasm(file) {
  const [pack, offset, length] = __PLACES[file];
  let bytes = __packs.get(pack);
  if (bytes === undefined) {
    bytes = fetch(new URL("./" + pack, import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(\`\${pack}: HTTP \${response.status}\`);
      return response.arrayBuffer();
    });
    // A failed download is tried again on the next load.
    bytes.catch(() => __packs.delete(pack));
    __packs.set(pack, bytes);
  }
  return bytes.then((buffer) => new Response(new Uint8Array(buffer, offset, length), { headers: { "Content-Type": "application/wasm" } }));
}
${loader}`;
await writeFile(loaderPath, loader);

// The loader: starts downloading the files of the view in the address and of the
// tokenizer (every view loads it at once), then the glue and the shell's wasm; the
// benchmarks use the exports. The chunk loader's fetch() picks up the preloads.
const downloadsOf = Object.fromEntries(
  Object.entries(splits).map(([name, files]) => [name, [...new Set(files.map((file) => place[file]?.[0] ?? file))]]),
);
await writeFile(
  join(pkg, 'boot.js'),
  `// Starts Burnrate. Written by scripts/wasm.mjs.
import init, * as bindings from './${NAME}.js';

const DOWNLOADS = ${JSON.stringify(downloadsOf)};
const view = (location.hash.replace(/^#\\/?/, '').split(/[/?]/)[0] || 'tokens').replace(/-/g, '_');
for (const file of new Set([...(DOWNLOADS.tokenizer ?? []), ...(DOWNLOADS[view] ?? [])])) {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.crossOrigin = 'anonymous';
  link.href = new URL('./' + file, import.meta.url).href;
  document.head.append(link);
}

// The counting workers' script, for the app's pool (src/ui/count_pool.rs).
window.burnrateCountWorker = new URL('./count-worker.js', import.meta.url).href;
await init({ module_or_path: new URL('./${NAME}_bg.wasm', import.meta.url) });
window.wasmBindings = bindings;
`,
);

// Name the directory by its contents.
const hash = createHash('sha256');
for (const file of (await readdir(pkg)).sort()) {
  hash.update(file);
  hash.update(await readFile(join(pkg, file)));
}
const dirName = `pkg-${hash.digest('hex').slice(0, 16)}`;
await rm(join(staging, dirName), { recursive: true, force: true });
await rename(pkg, join(staging, dirName));

const base = `${publicUrl.endsWith('/') ? publicUrl : publicUrl + '/'}${dirName}/`;
const indexPath = join(staging, 'index.html');
let html = await readFile(indexPath, 'utf8');
const tags = [
  `<link rel="modulepreload" href="${base}${NAME}.js" />`,
  `<link rel="modulepreload" href="${base}__wasm_split.js" />`,
  `<link rel="preload" href="${base}${NAME}_bg.wasm" as="fetch" type="application/wasm" crossorigin="anonymous" />`,
  `<script type="module" src="${base}boot.js"></script>`,
].join('\n    ');
if (!html.includes('</head>')) throw new Error('scripts/wasm.mjs: no </head> in index.html');
html = html.replace(/\s*<\/head>/, `\n    ${tags}\n  </head>`);
await writeFile(indexPath, html);
console.log(`wasm: ${dirName}/ (the shell, ${NAME}_bg.wasm, and ${wasmFiles.length - 1} chunks, ${packed.length} of them in ${PACK})`);
