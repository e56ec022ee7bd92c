// Runs after `trunk build` (from scripts/build) on dist/index.html:
// 1. checks that the page has no inline script (the wasm's loader is a file, written by
//    scripts/wasm.mjs);
// 2. adds the Content-Security-Policy below as the first element of <head>;
// 3. writes the service worker, dist/sw.js, from scripts/sw.js with the list of every file
//    of the build and a version that is a hash of them all.
// The policy: everything from the page's own origin only; scripts from files only (no
// inline script, no eval) plus compiling WebAssembly; no plugins, no <base> changes, no
// form submissions; nothing from any other origin.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

const dist = process.argv[2] ?? 'dist';
const indexPath = join(dist, 'index.html');
let html = await readFile(indexPath, 'utf8');

// The policy allows no inline script: every <script> must load a file.
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  throw new Error('postbuild: dist/index.html has an inline <script>, which the policy would block');
}

if (!html.includes('http-equiv="Content-Security-Policy"')) {
  html = html.replace(
    /<meta charset="utf-8" \/>/,
    (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${POLICY}" />`,
  );
  if (!html.includes(POLICY)) throw new Error('postbuild: no <meta charset> to put the policy after');
}
await writeFile(indexPath, html);

// The open tokenizers' tables and licences (tokenizer-tables writes them at every build)
// download only when a family is first chosen, so a first visit does not fetch them (about
// 9 MB) and the service worker does not precache them: it stores each one when the app
// first fetches it (sw.js), so a family used once also works offline.
const ON_DEMAND = /^tokenizers\/(llama3|llama4|mistral-tekken|mistral-v3|qwen3|deepseek-v3|gemma3)\./;

// The service worker: every file of the build, and a version that changes with any of them.
const files = (await readdir(dist, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile())
  .map((entry) => relative(dist, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'))
  .filter((file) => file !== 'sw.js' && !file.endsWith('.png') && !ON_DEMAND.test(file))
  .sort();
const version = createHash('sha256');
for (const file of files) {
  version.update(file);
  version.update(await readFile(join(dist, file)));
}
const template = await readFile(join(dirname(fileURLToPath(import.meta.url)), 'sw.js'), 'utf8');
await writeFile(
  join(dist, 'sw.js'),
  template
    .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
    .replace('__FILES__', JSON.stringify(['./', ...files], null, 2)),
);
