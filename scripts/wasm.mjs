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
import { importsOf, withoutRelocations } from './wasm-sections.mjs';
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
// code: over a hundred modules, most under 2 KB. Each is a download and a module for the
// browser to compile and instantiate, about 0.3 ms of the main thread apiece, and the
// Tokens view needs over a hundred of them before it shows. The chunks that several split
// points share and that are under 16 KB are merged (binaryen's wasm-merge) into one
// module, `pack_shared.wasm`, instantiated once, the first time any view needs one of them.
// Every other file (a view's own code, a large shared piece such as the regex compiler)
// stays a .wasm of its own, compiled while it downloads.
//
// A chunk holds only code and the data its code needs: it imports the shell's memory,
// function table and stack pointer (from `__wasm_split`) and writes its functions into the
// table and its data into memory when instantiated. Merged, their functions and data keep
// their places, and one set of imports serves them all: the chunks' imports are linked to
// the exports of a small first module that imports them, under `__wasm_split_host`.
const SMALL_BYTES = 16 * 1024;
const PACK = 'pack_shared.wasm';
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
packed.sort();
const place = {};
if (packed.length > 0) {
  // The imports of the packed chunks: each imports some of the same three (memory, table,
  // stack pointer), declared alike, or they could not share one set. Each is written out
  // as the first chunk that has it declares it (wasm-dis, a few seconds a file).
  const firstWith = new Map();
  for (const file of packed) {
    for (const declared of importsOf(await readFile(join(pkg, file)))) {
      if (declared.module !== '__wasm_split' || declared.kind === 'func' || declared.kind === 'tag') {
        throw new Error(`scripts/wasm.mjs: ${file} has an import the pack cannot link: ${declared.module} ${declared.name} (${declared.kind})`);
      }
      const first = firstWith.get(declared.name);
      if (first && (first.kind !== declared.kind || first.type !== declared.type)) {
        throw new Error(`scripts/wasm.mjs: ${file} declares ${declared.name} otherwise than ${first.file}`);
      }
      if (!first) firstWith.set(declared.name, { ...declared, file });
    }
  }
  const byName = new Map();
  for (const file of new Set([...firstWith.values()].map((first) => first.file))) {
    const lines = spawnSync('wasm-dis', [join(pkg, file)], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .stdout.split('\n')
      .filter((line) => /^\s*\(import /.test(line))
      .map((line) => line.trim());
    for (const line of lines) {
      const name = /^\(import "__wasm_split" "([^"]+)" /.exec(line)?.[1];
      if (name && firstWith.get(name)?.file === file) byName.set(name, line);
    }
  }
  if (byName.size !== firstWith.size) throw new Error(`scripts/wasm.mjs: wasm-dis showed ${byName.size} of the ${firstWith.size} imports of the packed chunks`);
  const imports = [...byName.values()];
  const host = imports.map((line) => line.replace('(import "__wasm_split" ', '(import "__wasm_split_host" '));
  const exports = imports.map((line) => {
    const [, name, kind, id] = /^\(import "__wasm_split" "([^"]+)" \((\w+) (\$\S+)/.exec(line) ?? [];
    if (!name) throw new Error(`scripts/wasm.mjs: cannot read the import ${line}`);
    return `(export "${name}" (${kind} ${id}))`;
  });
  const base = join(work, 'pack_imports.wasm');
  const features = ['--enable-bulk-memory', '--enable-mutable-globals', '--enable-sign-ext', '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue'];
  await writeFile(join(work, 'pack_imports.wat'), `(module\n  ${[...host, ...exports].join('\n  ')})\n`);
  run('wasm-as', [...features, join(work, 'pack_imports.wat'), '-o', base]);
  const names = process.env.BURNRATE_WASM_NAMES === '1' ? ['-g'] : [];
  run('wasm-merge', [
    ...features,
    ...names,
    base, '__wasm_split',
    ...packed.flatMap((file) => [join(pkg, file), file.replace(/\.wasm$/, '')]),
    '-o', join(pkg, PACK),
  ]);
  for (const file of packed) {
    place[file] = [PACK];
    await rm(join(pkg, file));
  }
}
let replaced = 0;
loader = loader.replace(
  /const (__chunk_\d+) = makeLoad\(\(\) => \{\n {4}const src = fetch\(new URL\("\.\/([\w.]+)", import\.meta\.url\)\);\n[^\n]*\n[^\n]*\n\}\n, \[\]\);/g,
  (block, variable, file) => {
    if (!place[file]) return block;
    replaced += 1;
    return `const ${variable} = __packed(${JSON.stringify(file)});`;
  },
);
if (replaced !== packed.length) {
  throw new Error(`scripts/wasm.mjs: ${replaced} chunk loads replaced in __wasm_split.js for ${packed.length} packed files`);
}
loader = `// Merged by scripts/wasm.mjs: the module that holds each small shared chunk, as [module].
const __PLACES = ${JSON.stringify(place)};
const __packLoads = new Map();
/** The load of the merged module that holds \`file\`, the same one for every chunk in it. */
function __packed(file) {
  const [pack] = __PLACES[file];
  let load = __packLoads.get(pack);
  if (load === undefined) {
    load = makeLoad(() => {
      const src = fetch(new URL("./" + pack, import.meta.url));
      src.catch(() => {});
      // Its chunks' imports from __wasm_split, through the module merged first.
      return async (imports) => (WebAssembly.instantiateStreaming(src, { __wasm_split_host: imports.__wasm_split }));
    }, []);
    __packLoads.set(pack, load);
  }
  return load;
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
