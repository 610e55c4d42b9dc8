// The WASM package's API (wasm/pkg/index.js and the raw bindings): shapes, errors, recovery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as k from '../../pkg/index.js';
import * as raw from '../../pkg/kubeletlint_wasm.js';

const PASS = [{ text: 'kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt' }];

await k.load();

/** Walks a value: only plain objects, arrays and JSON primitives (no Map, Set, class instances). */
function assertPlain(value, path = 'report') {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertPlain(v, `${path}[${i}]`));
    return;
  }
  assert.equal(typeof value, 'object', `${path}: ${typeof value}`);
  assert.equal(Object.getPrototypeOf(value), Object.prototype, `${path} is not a plain object`);
  for (const [key, v] of Object.entries(value)) assertPlain(v, `${path}.${key}`);
}

test('calls before load() fail clearly', async () => {
  // A fresh copy of the module (query string = new module instance) is not loaded yet.
  const fresh = await import(`../../pkg/index.js?fresh=${Date.now()}`);
  assert.throws(() => fresh.version(), /await load\(\) first/);
});

test('version() is the core version', () => {
  const cargo = readFileSync(new URL('../../../Cargo.toml', import.meta.url), 'utf8');
  assert.equal(k.version(), cargo.match(/^version = "(.*)"/m)[1]);
});

test('kinds(), rule(), explain()', () => {
  assert.deepEqual(k.kinds(), ['kubelet-config', 'config-dropin', 'configz', 'cmdline', 'systemd-unit', 'systemd-dropin', 'env-file', 'ca-bundle']);
  assert.equal(k.rule().id, 'kubelet-client-ca-file');
  assertPlain(k.rule());
  assert.match(k.explain(), /clientCAFile/);
});

test('check() returns the report as plain objects (no Map)', () => {
  const r = k.check(PASS);
  assertPlain(r);
  assert.equal(r.verdict, 'pass');
  assert.equal(r.client_ca_file, '/etc/kubernetes/pki/ca.crt');
  assert.equal(r.tool_version, k.version());
  // the raw bindings give the same object
  assert.deepEqual(raw.check(PASS, null), r);
  // the report survives a JSON round trip unchanged: it is exactly the report JSON
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('options and kinds are passed through (aliases accepted)', () => {
  const r = k.check([{ text: 'kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt', path: '', kind: 'ps' }], { kubelet_version: '1.30' });
  assert.equal(r.artifacts[0].kind, 'cmdline');
  assert.equal(r.artifacts[0].kind_from, 'given');
  assert.equal(r.judged_version && r.judged_version.version, '1.30');
});

test('detectKind()', () => {
  assert.equal(k.detectKind('kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt'), 'cmdline');
  assert.equal(k.detectKind('apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n'), 'kubelet-config');
  assert.equal(k.detectKind('[Service]\nExecStart=/usr/bin/kubelet\n', '/etc/systemd/system/kubelet.service'), 'systemd-unit');
  const none = k.detectKind('');
  assert.ok(none === null || typeof none === 'string');
});

test('unusable input throws an Error with its position', () => {
  assert.throws(() => k.check([]), (e) => e instanceof Error && e.kind === 'input' && /no evidence/.test(e.message));
  assert.throws(() => k.check('not an array'), (e) => e.kind === 'input' && /artifacts/.test(e.message));
  assert.throws(
    () => k.check([{ text: 'kubelet' }, { text: 'x', kind: 'bogus' }]),
    (e) => e.kind === 'input' && e.artifact === 1 && e.message.startsWith('artifact #2: unknown artifact kind "bogus"'),
  );
  assert.throws(() => k.check(PASS, { kubelet_version: 130 }), (e) => e.kind === 'input' && /options/.test(e.message));
  // A positioned error from the core: `source:line:column: message`, and the parts as properties.
  assert.throws(
    () => k.check([{ text: 'kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt' }, { text: '\n\nhello world\n' }]),
    (e) => {
      assert.equal(e.kind, 'input');
      assert.equal(e.artifact, 1, e.message);
      assert.equal(e.line, 3, e.message);
      assert.equal(e.column, 1, e.message);
      assert.match(e.message, /^artifact #2:3:1: cannot tell/);
      assert.equal(typeof e.line, 'number', e.message);
      assert.equal(typeof e.column, 'number', e.message);
      assert.ok(e.message.includes(`:${e.line}:${e.column}: `), e.message);
      return true;
    },
  );
});

test('renderings (the core\'s)', () => {
  assert.deepEqual(k.formats(), ['json', 'text', 'text-color', 'kube-bench', 'sarif', 'junit', 'redacted-json']);
  const r = k.check(PASS);
  assert.deepEqual(JSON.parse(k.renderJson(PASS)), r);
  const kb = JSON.parse(k.renderKubeBench(PASS));
  assert.ok(Array.isArray(kb.Controls), 'kube-bench JSON has Controls');
  const sarif = JSON.parse(k.renderSarif(PASS));
  assert.equal(sarif.version, '2.1.0');
  assert.match(k.renderJunit(PASS), /<testsuites?[\s>]/);
  assert.match(k.renderText(PASS), /pass/i);
  assert.match(k.renderText(PASS, null, true), /\x1b\[/);
  const red = k.redact(PASS);
  assertPlain(red);
  assert.equal(red.verdict, 'pass');
  assert.throws(() => k.render(PASS, 'yaml'), (e) => e.kind === 'input' && /unknown format "yaml"/.test(e.message));
  assert.throws(() => k.renderSarif([]), (e) => e.kind === 'input');
});

test('a panic does not leave the module broken', () => {
  const before = k.restartCount();
  const errors = [];
  const orig = console.error;
  console.error = (...a) => errors.push(a.join(' '));
  try {
    assert.throws(() => k.__panicForTesting(), (e) => e.kind === 'internal' && e.restarted === true && /restarted/.test(e.message));
  } finally {
    console.error = orig;
  }
  // The size build (wasm/build.sh) panics with -Cpanic=immediate-abort: a trap at once, no hook,
  // no message. A build with the prebuilt std (panic = "abort") prints the message first.
  const sizeBuild = JSON.parse(readFileSync(new URL('../../pkg/size.json', import.meta.url))).panic === 'immediate-abort';
  assert.equal(errors.some((m) => m.includes('deliberate panic')), !sizeBuild, 'the panic message reaches the console unless panics are immediate traps');
  assert.equal(k.restartCount(), before + 1);
  // still works, repeatedly (allocating, calling into the core)
  const stillWorks = () => {
    assert.equal(k.version().length > 0, true);
    assert.equal(k.kinds().length, 8);
    assert.throws(() => k.check([]), (e) => e.kind === 'input');
  };
  stillWorks();
  assert.throws(() => k.__panicForTesting());
  stillWorks();
  assert.equal(k.restartCount(), before + 2);
});

test('TypeScript declarations ship with the package', () => {
  const dts = readFileSync(new URL('../../pkg/index.d.ts', import.meta.url), 'utf8');
  for (const name of ['check', 'detectKind', 'version', 'renderKubeBench', 'renderSarif', 'renderText', 'load']) {
    assert.match(dts, new RegExp(`export function ${name}\\(`));
  }
  const report = readFileSync(new URL('../../pkg/report.d.ts', import.meta.url), 'utf8');
  assert.match(report, /export interface Report \{/);
  const pkg = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.types, 'index.d.ts');
  assert.equal(pkg.version, k.version());
});
