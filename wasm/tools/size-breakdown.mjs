// Which crates take the space in a .wasm: sums code-section body sizes per crate, from the
// function names (name section). Use it on wasm-bindgen's output before wasm-opt (which drops
// the names):
//   wasm-bindgen --target web --keep-debug --out-dir /tmp/kl target/wasm32-unknown-unknown/wasm-release/kubeletlint_wasm.wasm
//   node wasm/tools/size-breakdown.mjs /tmp/kl/kubeletlint_wasm_bg.wasm [top-N-functions]
import { readFileSync } from 'node:fs';

const buf = readFileSync(process.argv[2]);
const topN = Number(process.argv[3] || 0);
let p = 8;
const u32 = () => { let r = 0, s = 0, b; do { b = buf[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
const str = () => { const n = u32(); const s = buf.toString('utf8', p, p + n); p += n; return s; };
let importedFuncs = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
while (p < buf.length) {
  const id = buf[p++];
  const size = u32();
  const end = p + size;
  if (id === 2) { // imports
    for (let n = u32(); n > 0; n--) {
      str(); str();
      const kind = buf[p++];
      if (kind === 0) { u32(); importedFuncs++; }
      else if (kind === 1) { p++; const f = buf[p++]; u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = buf[p++]; u32(); if (f & 1) u32(); }
      else if (kind === 3) { p += 2; }
      else if (kind === 4) { p++; u32(); }
    }
  } else if (id === 10) { // code
    for (let n = u32(); n > 0; n--) { const s = u32(); bodies.push(s); p += s; }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) {
    const name = str();
    if (name === 'name') {
      while (p < end) {
        const sub = buf[p++];
        const len = u32();
        const subEnd = p + len;
        if (sub === 1) for (let n = u32(); n > 0; n--) { const idx = u32(); names.set(idx, str()); }
        p = subEnd;
      }
    }
  }
  p = end;
}
const crateOf = (name) => {
  // demangled Rust names: `<T as Trait>::f`, `crate::mod::f`, `core::ptr::drop_in_place<x::Y>`
  let n = name.replace(/^_?ZN?/, '').replace(/\[[0-9a-f]{16}\]/g, '');
  const inner = n.match(/^(?:core::ptr::drop_in_place|<)[<]?&?(?:mut )?([a-z_][a-z0-9_]*)::/);
  if (inner) return inner[1];
  const m = n.match(/^([a-z_][a-z0-9_]*)::/);
  return m ? m[1] : n.startsWith('__wbg') || n.startsWith('__wbindgen') ? 'wasm_bindgen (glue)' : '(other)';
};
const perCrate = new Map();
const fns = [];
bodies.forEach((size, i) => {
  const name = names.get(importedFuncs + i) || `func[${importedFuncs + i}]`;
  const c = crateOf(name);
  perCrate.set(c, (perCrate.get(c) || 0) + size);
  fns.push([size, name]);
});
const total = bodies.reduce((a, b) => a + b, 0);
console.log(`code: ${total} bytes in ${bodies.length} functions; data: ${dataBytes} bytes`);
for (const [c, s] of [...perCrate].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${String(s).padStart(8)}  ${(100 * s / total).toFixed(1).padStart(5)}%  ${c}`);
}
if (topN) {
  console.log(`\nlargest ${topN} functions:`);
  for (const [s, n] of fns.sort((a, b) => b[0] - a[0]).slice(0, topN)) console.log(`${String(s).padStart(8)}  ${n.slice(0, 140)}`);
}
