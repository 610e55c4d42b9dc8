// The shared vectors (tests/vectors/*.json, format in tests/README.md) through the WASM build
// (wasm/pkg, the exact bytes the page ships), compared with each vector's `expect` and, when
// present, with the native Rust answers (target/native-vector-reports.json, written by wasm/ci.sh
// from `cargo run -p kubeletlint-wasm --example native_reports`): results must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as k from '../../pkg/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = `${root}tests/vectors`;
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
const nativePath = process.env.KUBELETLINT_NATIVE_REPORTS || `${root}target/native-vector-reports.json`;
const native = existsSync(nativePath) ? JSON.parse(readFileSync(nativePath, 'utf8')) : null;

await k.load();

test('shared vectors exist', () => {
  assert.ok(files.length > 0, `no vectors in ${dir}`);
});

// Skipped only when not asked for explicitly (wasm/ci.sh sets KUBELETLINT_NATIVE_REPORTS).
const skipNative = !native && !process.env.KUBELETLINT_NATIVE_REPORTS ? `no ${nativePath} (wasm/ci.sh writes it)` : false;
test('native reports are available for the equality check', { skip: skipNative }, () => {
  assert.ok(native, `${nativePath} missing`);
  assert.deepEqual(Object.keys(native).sort(), files);
});

for (const file of files) {
  const v = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  const e = v.expect || {};
  test(`${v.id || file}: ${v.description || ''}`, () => {
    let report = null;
    let error = null;
    try {
      report = k.check(v.artifacts, v.options ?? null);
    } catch (err) {
      if (err.kind !== 'input') throw err; // an internal error is always a failure
      error = err;
    }
    if (e.error) {
      assert.ok(error, `expected an input error, got verdict ${report && report.verdict}`);
      if ('error_line' in e) assert.equal(error.line, e.error_line, error.message);
      if ('error_column' in e) assert.equal(error.column, e.error_column, error.message);
    } else {
      assert.equal(error, null, error && error.message);
      assert.equal(report.verdict, e.verdict, report.summary);
      if ('client_ca_file' in e) assert.equal(report.client_ca_file, e.client_ca_file);
      const codes = report.diagnostics.map((d) => d.code);
      for (const c of e.codes || []) assert.ok(codes.includes(c), `missing code ${c} (got ${codes.join(', ')})`);
      for (const c of e.absent_codes || []) assert.ok(!codes.includes(c), `unexpected code ${c}`);
    }
    if (native) {
      const n = native[file];
      assert.ok(n, `${file} missing from the native reports`);
      if (n.report) {
        assert.ok(report, `native: report, wasm: error ${error && error.message}`);
        assert.deepEqual(report, n.report, 'the WASM report differs from the native one');
      } else {
        assert.ok(error, 'native: error, wasm: report');
        assert.equal(error.message, n.error.message);
        assert.equal(error.line, n.error.line);
        assert.equal(error.column, n.error.column);
        assert.equal(error.artifact, n.error.artifact);
      }
    }
  });
}
