// A text that does not repeat, for pasting at the limit (issue #21): built
// deterministically from files already on the machine, none written for Burnrate's tests —
// the Rust book's HTML stripped of tags, Rust By Example in Chinese, Rust sources and JSON
// files of the crates in the cargo registry, translated man pages, and the lines of
// Unicode's emoji-test.txt (shipped in the unicode-width crate's tests). The sources are
// taken in turn, at most 8 KB of a file at a time and every file once, so that any prefix
// of a few KB holds every kind of text. Cached in artifacts/paste-corpus.txt.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ARTIFACTS } from './harness.mjs';

/** The files of `dir` (recursively) whose names match `pattern`, sorted. */
function walk(dir, pattern, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const info = statSync(path);
    if (info.isDirectory()) walk(path, pattern, out);
    else if (pattern.test(name) && info.size > 2000) out.push(path);
  }
  return out;
}

const stripTags = (html) =>
  html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<nav[\s\S]*?<\/nav>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n\s*\n\s*\n+/g, '\n\n');

/** A text of at least `bytes` bytes in which no file appears twice. */
export function corpus(bytes) {
  const cached = join(ARTIFACTS, 'paste-corpus.txt');
  if (existsSync(cached) && statSync(cached).size >= bytes) return readFileSync(cached, 'utf8');
  const list = (dir) => (existsSync(dir) ? readdirSync(dir).sort().map((name) => join(dir, name)) : []);
  const toolchains = join(process.env.RUSTUP_HOME ?? join(homedir(), '.rustup'), 'toolchains');
  const docs = list(toolchains).map((toolchain) => join(toolchain, 'share/doc/rust/html')).find(existsSync) ?? '/nonexistent';
  const crates = list(join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'registry/src'));
  const sources = [
    { read: (file) => stripTags(readFileSync(file, 'utf8')), files: walk(join(docs, 'book'), /\.html$/) },
    { read: (file) => stripTags(readFileSync(file, 'utf8')), files: walk(join(docs, 'rust-by-example/zh'), /\.html$/) },
    { read: (file) => readFileSync(file, 'utf8'), files: crates.flatMap((index) => walk(index, /\.rs$/)) },
    { read: (file) => readFileSync(file, 'utf8'), files: crates.flatMap((index) => walk(index, /\.json$/)).filter((file) => statSync(file).size < 400_000) },
    {
      read: (file) => gunzipSync(readFileSync(file)).toString('utf8'),
      files: ['ja', 'ko', 'ru', 'de', 'fr', 'zh_CN'].flatMap((lang) => walk(`/usr/share/man/${lang}/man1`, /\.gz$/)),
    },
  ];
  // Round-robin over the sources, a piece of at most 8 KB of the next file of each, and a
  // few lines of the emoji file: any prefix of a few KB has every kind of text.
  const emoji = crates
    .flatMap((index) => walk(index, /^emoji-test\.txt$/))
    .slice(0, 1)
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line && !line.startsWith('#')));
  const parts = [];
  let total = 0;
  const seen = new Set();
  for (let round = 0; total < bytes; round++) {
    let added = false;
    for (const source of sources) {
      const file = source.files[round];
      if (!file) continue;
      added = true;
      let text;
      try { text = source.read(file); } catch { continue; }
      if (seen.has(text)) continue;
      seen.add(text);
      const piece = text.slice(0, 8_000);
      parts.push(piece);
      total += Buffer.byteLength(piece) + 1;
    }
    const lines = emoji.slice(round * 8, round * 8 + 8);
    if (lines.length) {
      parts.push(lines.join('\n'));
      total += Buffer.byteLength(lines.join('\n')) + 1;
    }
    if (!added) throw new Error(`only ${total} bytes of text found in the Rust docs, the cargo registry and the man pages`);
  }
  const text = parts.join('\n');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(cached, text);
  return text;
}

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes, ending at a line's end. */
export function prefixOf(text, bytes) {
  const buffer = Buffer.from(text.slice(0, bytes));
  let end = Math.min(bytes, buffer.length);
  while (end > 0 && buffer[end - 1] !== 0x0a) end--;
  return buffer.subarray(0, end).toString('utf8');
}
