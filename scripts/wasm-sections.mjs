// Reading and rewriting the sections of a wasm module (for scripts/wasm.mjs).

/** The unsigned LEB128 number at `at` in `wasm`, and where the bytes after it start. */
function readLeb(wasm, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    if (at >= wasm.length) throw new Error('scripts/wasm.mjs: a wasm section runs past the end');
    byte = wasm[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/**
 * `wasm` without its linking and relocation sections (the custom sections `linking` and
 * `reloc.*`, which only a linker or wasm-split-cli reads); every other section is kept as
 * it is.
 */
export function withoutRelocations(wasm) {
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('scripts/wasm.mjs: not a wasm module');
  const kept = [wasm.subarray(0, 8)];
  let at = 8;
  const leb = () => {
    const [value, next] = readLeb(wasm, at);
    at = next;
    return value;
  };
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    const length = leb();
    const end = at + length;
    if (end > wasm.length) throw new Error('scripts/wasm.mjs: a wasm section runs past the end');
    let name = null;
    if (id === 0) {
      const size = leb();
      name = wasm.subarray(at, at + size).toString('utf8');
    }
    if (!(name === 'linking' || name?.startsWith('reloc.'))) kept.push(wasm.subarray(start, end));
    at = end;
  }
  return Buffer.concat(kept);
}

/**
 * The imports of `wasm`, in order: `{ module, name, kind, type }`, where `kind` is `func`,
 * `table`, `memory`, `global` or `tag` and `type` is the hex of the import's type as
 * encoded (two imports with the same `type` are declared alike; a function's is its type
 * index, which only means the same in one module).
 */
export function importsOf(wasm) {
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('scripts/wasm.mjs: not a wasm module');
  let at = 8;
  const leb = () => {
    const [value, next] = readLeb(wasm, at);
    at = next;
    return value;
  };
  const name = () => {
    const size = leb();
    at += size;
    return wasm.subarray(at - size, at).toString('utf8');
  };
  const limits = () => {
    const flags = leb();
    leb();
    if (flags & 1) leb();
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const length = leb();
    const end = at + length;
    if (id !== 2) {
      at = end;
      continue;
    }
    const imports = [];
    for (let count = leb(); count > 0; count--) {
      const module = name();
      const field = name();
      const kind = ['func', 'table', 'memory', 'global', 'tag'][wasm[at++]];
      const start = at;
      if (kind === 'func') leb();
      else if (kind === 'table') { at++; limits(); }
      else if (kind === 'memory') limits();
      else if (kind === 'global') at += 2;
      else if (kind === 'tag') { at++; leb(); }
      else throw new Error('scripts/wasm.mjs: an import of an unknown kind');
      imports.push({ module, name: field, kind, type: wasm.subarray(start, at).toString('hex') });
    }
    return imports;
  }
  return [];
}
