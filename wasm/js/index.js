// kubeletlint WebAssembly package: the API to import.
//
//   import { load, check } from './index.js';
//   await load();
//   const report = check([{ text: 'kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt' }]);
//
// Thin guard over the wasm-bindgen bindings (./kubeletlint_wasm.js): every answer comes from the
// Rust core. What this file adds:
// - load() instantiates the module from the embedded bytes (./wasm-bytes.js) by default, so it
//   needs neither fetch() (the page's CSP has connect-src 'none') nor an application/wasm MIME type;
// - after a trap (a panic is a trap with panic = "abort", or a stack overflow) the module is
//   re-instantiated, so it never stays silently broken, and the call throws an Error with
//   `kind: 'internal'` and `restarted: true`.
import init, * as raw from './kubeletlint_wasm.js';

let loading = null;
let loaded = false;
let restarts = 0;

function decodeBase64(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Instantiates the module (once). `source`: optional bytes, `WebAssembly.Module`, URL or
 * Response; default: the embedded copy.
 */
export function load(source) {
  if (!loading) {
    loading = (async () => {
      const module_or_path = source ?? decodeBase64((await import('./wasm-bytes.js')).default);
      await init({ module_or_path });
      loaded = true;
    })();
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** How many times the module was re-instantiated after a trap. */
export function restartCount() {
  return restarts;
}

function isTrap(e) {
  // RuntimeError: unreachable (panic = "abort"), out-of-bounds, ...; RangeError: stack overflow
  // (V8 reports it as a RangeError; the shadow stack pointer is then left wrong).
  return e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
}

function guard(fn) {
  return (...args) => {
    if (!loaded) throw new Error('kubeletlint: the WebAssembly module is not loaded: await load() first');
    try {
      return fn(...args);
    } catch (e) {
      if (!isTrap(e)) throw e;
      let restarted = false;
      try {
        raw.__wbg_reset_state();
        restarts++;
        restarted = true;
      } catch (resetError) {
        loaded = false;
        loading = null;
        console.error('kubeletlint: re-instantiating the module failed', resetError);
      }
      const err = new Error(
        `kubeletlint: internal error (${e.message}); ` +
          (restarted ? 'the WebAssembly module was restarted' : 'call load() again'),
        { cause: e },
      );
      err.kind = 'internal';
      err.restarted = restarted;
      throw err;
    }
  };
}

/** Checks the evidence: `[{text, path?, kind?}]` → the report (plain object). */
export const check = guard((artifacts, options) => raw.check(artifacts, options ?? null));
/** The kind the core detects for `text` (and optional node `path`), or null. */
export const detectKind = guard((text, path) => raw.detectKind(String(text), path == null || path === '' ? undefined : String(path)));
/** The core's version. */
export const version = guard(() => raw.version());
/** Every artifact kind name. */
export const kinds = guard(() => raw.kinds());
/** The rule and its benchmark IDs. */
export const rule = guard(() => raw.rule());
/** The rule's documentation (Markdown-flavoured text). */
export const explain = guard(() => raw.explain());
/** The output formats of render(). */
export const formats = guard(() => raw.formats());
/**
 * Checks the evidence and renders the report with one of the core's renderings (`json`, `text`,
 * `text-color`, `kube-bench`, `sarif`, `junit`, `redacted-json`). The renderings take the
 * evidence, not a report: that keeps report deserialisation out of the module (size).
 */
export const render = guard((artifacts, format, options) => raw.render(artifacts, String(format), options ?? null));
export const renderText = (artifacts, options, color) => render(artifacts, color ? 'text-color' : 'text', options);
export const renderJson = (artifacts, options) => render(artifacts, 'json', options);
export const renderKubeBench = (artifacts, options) => render(artifacts, 'kube-bench', options);
export const renderSarif = (artifacts, options) => render(artifacts, 'sarif', options);
export const renderJunit = (artifacts, options) => render(artifacts, 'junit', options);
/** The report with values and paths masked (plain object). */
export const redact = (artifacts, options) => JSON.parse(render(artifacts, 'redacted-json', options));
/** Panics inside the module on purpose (tests of the recovery only). */
export const __panicForTesting = guard(() => raw.__panicForTesting());
