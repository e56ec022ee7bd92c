// A counting worker (a module worker). scripts/wasm.mjs copies it into pkg-<hash>/ next to
// the worker's wasm (crates/count-worker); the app's pool (src/ui/count_pool.rs) starts a
// few of them after the page is interactive.
//
// Messages in (each answered by one message out with the same `id`):
//   { id, kind: 'warm', encoding, table }          build the encoder from the table's URL
//                                                  (same origin) and count a warm-up text
//   { id, kind: 'count', encoding, table, bytes, cuts }
//                                                  count the UTF-8 `bytes` (an ArrayBuffer,
//                                                  transferred) cut at `cuts` (a Uint32Array
//                                                  of offsets); builds the encoder first if
//                                                  this worker has not
//   { id, kind: 'forget' }                         forget the remembered merges
// Messages out: { id, counts } (a Uint32Array, one count per part), { id, ready, buildMs,
// warmMs } for 'warm', or { id, error } with a message a person can act on.
import init, * as counter from './count_worker.js';

const loaded = init({ module_or_path: new URL('./count_worker_bg.wasm', import.meta.url) });
const built = new Map();

// The warm-up text: varied enough (prose, code, numbers, punctuation, several scripts) that
// every hot loop of the counter runs often enough for the engine to optimize it, and
// built so that it does not repeat (a repeated text would be answered from the merge
// cache). About 256 KB; its merges are forgotten afterwards.
function warmUpText() {
  const words = ['counting', 'tokens', 'Worker', 'encoder', 'fn', 'main', 'println!', 'let', 'struct',
    'über', 'naïve', 'façade', 'Straße', '日本語', 'テキスト', '한국어', 'текст', 'κείμενο', 'نص', '🔥', '✓',
    '{"key":', 'value}', '[1,', '2]', '<div>', '</div>', 'http://example.com/path?q=1', '0x1F', '3.14159'];
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8);
  const parts = [];
  let size = 0;
  while (size < 256 * 1024) {
    const word = words[next() % words.length];
    // A number or a made-up word mixes in new pieces so the merges are not all cached.
    const made = (next() % 3 === 0) ? String.fromCharCode(97 + (next() % 26), 97 + (next() % 26), 97 + (next() % 26), 97 + (next() % 26)) : '';
    const piece = word + made + (next() % 9 === 0 ? '.\n' : next() % 5 === 0 ? ', ' : ' ') + (next() % 17 === 0 ? String(next()) + ' ' : '');
    parts.push(piece);
    size += piece.length;
  }
  return new TextEncoder().encode(parts.join(''));
}

async function ensure(encoding, table) {
  await loaded;
  let ready = built.get(encoding);
  if (ready === undefined) {
    ready = (async () => {
      const response = await fetch(table);
      if (!response.ok) throw new Error(`the ${encoding} table could not be downloaded (HTTP ${response.status})`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const started = performance.now();
      counter.build(encoding, bytes);
      return performance.now() - started;
    })();
    built.set(encoding, ready);
    // A failed download is tried again on the next request.
    ready.catch(() => built.delete(encoding));
  }
  return ready;
}

async function answer(message) {
  switch (message.kind) {
    case 'warm': {
      const buildMs = await ensure(message.encoding, message.table);
      const started = performance.now();
      counter.count(message.encoding, warmUpText(), new Uint32Array(0));
      counter.forgetMerges();
      return { ready: true, buildMs, warmMs: performance.now() - started };
    }
    case 'count': {
      await ensure(message.encoding, message.table);
      const counts = counter.count(message.encoding, new Uint8Array(message.bytes), message.cuts);
      return { counts };
    }
    case 'forget':
      await loaded;
      counter.forgetMerges();
      return { forgotten: true };
    default:
      throw new Error(`unknown request "${message.kind}"`);
  }
}

// Requests are answered one at a time, in order: a count waits for the warm-up before it.
let queue = Promise.resolve();
self.onmessage = (event) => {
  const message = event.data;
  queue = queue.then(async () => {
    try {
      const reply = await answer(message);
      self.postMessage({ id: message.id, ...reply }, reply.counts ? [reply.counts.buffer] : []);
    } catch (error) {
      self.postMessage({ id: message.id, error: String(error?.message ?? error) });
    }
  });
};
