// A Hugging Face `tokenizer.json` (byte-level BPE) for a tiktoken-style family that no npm
// package ships one for (Llama 4, Mistral tekken), so that @lenml/tokenizers can count it
// in benches/open-tokenizers.mjs. Built from the family's token table in dist/ and its
// split pattern by the rule of transformers' `TikTokenConverter`
// (convert_slow_tokenizer.py), which Hugging Face uses to publish these models'
// tokenizer.json files: each token's merges are the ways to split it into two tokens, and
// merges rank by the merged token's rank. The bench checks what it counts against the
// vendors' references, so a wrong conversion shows there.

/** Reads a Burnrate token table (crates/tokenizer/src/table.rs): [token bytes, rank][]. */
export function readTable(data) {
  let at = 0;
  const take = (length) => {
    if (at + length > data.length) throw new Error('token table: ends early');
    const slice = data.subarray(at, at + length);
    at += length;
    return slice;
  };
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = take(1)[0];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  if (Buffer.from(take(4)).toString('latin1') !== 'BRTK') throw new Error('token table: no BRTK magic');
  if (take(1)[0] !== 1) throw new Error('token table: not version 1');
  const name = Buffer.from(take(take(1)[0])).toString('latin1');
  const count = Buffer.from(take(4)).readUInt32LE(0);
  const entries = [];
  let previous = -1;
  for (let index = 0; index < count; index++) {
    const rank = previous + 1 + varint();
    entries.push([Buffer.from(take(varint())), rank]);
    previous = rank;
  }
  return { name, entries };
}

/** GPT-2's printable stand-ins for bytes, as byte-level BPE vocabularies write them. */
function byteLevelAlphabet() {
  const printable = [];
  for (let byte = 33; byte <= 126; byte++) printable.push(byte);
  for (let byte = 161; byte <= 172; byte++) printable.push(byte);
  for (let byte = 174; byte <= 255; byte++) printable.push(byte);
  const alphabet = new Array(256);
  let next = 256;
  for (let byte = 0; byte < 256; byte++) {
    alphabet[byte] = String.fromCodePoint(printable.includes(byte) ? byte : next++);
  }
  return alphabet;
}

/** The tokenizer.json of a byte-level BPE with `entries` ([bytes, rank]) and `pattern`. */
export function tokenizerJson(entries, pattern) {
  const alphabet = byteLevelAlphabet();
  // Each byte is one character both in latin1 and in the alphabet (all below U+0200), so
  // a token's pieces are slices of these strings.
  const tokens = entries.map(([bytes, rank]) => {
    const raw = bytes.toString('latin1');
    let spelled = '';
    for (let at = 0; at < raw.length; at++) spelled += alphabet[raw.charCodeAt(at)];
    return { raw, spelled, rank };
  });
  const vocab = {};
  const rankOf = new Map();
  for (const { raw, spelled, rank } of tokens) {
    vocab[spelled] = rank;
    rankOf.set(raw, rank);
  }
  const merges = [];
  for (const { raw, spelled, rank } of tokens) {
    const local = [];
    for (let cut = 1; cut < raw.length; cut++) {
      const left = rankOf.get(raw.slice(0, cut));
      const right = rankOf.get(raw.slice(cut));
      if (left !== undefined && right !== undefined) local.push([left, right, cut]);
    }
    local.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [, , cut] of local) merges.push([rank, `${spelled.slice(0, cut)} ${spelled.slice(cut)}`]);
  }
  // Stable: a token's own merges keep their order.
  merges.sort((a, b) => a[0] - b[0]);
  return {
    version: '1.0',
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: true,
      vocab,
      merges: merges.map(([, merge]) => merge),
    },
  };
}
