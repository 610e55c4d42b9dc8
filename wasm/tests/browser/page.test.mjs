// Browser test of the page (wasm/www) in Debian's Chromium, driven by playwright-core (no browser
// download). Served by a local static server; asserts the page makes no request outside its own
// origin. Screenshots: test-output/wasm/*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';
import { EXAMPLES } from '../../www/examples.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WWW = join(ROOT, 'wasm/www');
const OUT = join(ROOT, 'test-output/wasm');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions'];

const aks = EXAMPLES.find((e) => e.id === 'aks');
const aksFail = EXAMPLES.find((e) => e.id === 'aks-empty-flag');

let srv;
let ctx;
let profile;
const requests = [];
const pageErrors = [];
const consoleErrors = [];

before(async () => {
  assert.ok(existsSync(join(WWW, 'pkg/index.js')), 'wasm/www/pkg missing: run wasm/build.sh first');
  mkdirSync(OUT, { recursive: true });
  srv = await serve(WWW);
  profile = mkdtempSync(join(tmpdir(), 'kubeletlint-chromium-'));
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  ctx.on('request', (r) => requests.push(r.url()));
  ctx.on('weberror', (e) => pageErrors.push(String(e.error())));
  ctx.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
});

after(async () => {
  await ctx?.close();
  srv?.server.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function openPage(url = srv.url) {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => /^Ready/.test(document.querySelector('[data-testid=engine-status]').textContent));
  return page;
}

async function fillArtifact(page, i, { text, path }) {
  await page.getByTestId('artifact-text').nth(i).fill(text);
  await page.getByTestId('artifact-path').nth(i).fill(path || '');
}

/** Waits until the page shows `expected` (or settles on another result) and returns what it shows. */
async function verdict(page, expected) {
  const shown = () => page.evaluate(() => {
    const err = document.querySelector('[data-testid=error]');
    if (!err.hidden) return `error: ${err.textContent}`;
    return document.getElementById('report').hidden ? '' : document.querySelector('[data-testid=verdict]').textContent;
  });
  const deadline = Date.now() + 8000;
  let last = '';
  while (Date.now() < deadline) {
    last = await shown();
    if (last === expected) return last;
    await page.waitForTimeout(100);
  }
  return last;
}

let failUrl;

test('paste a passing AKS bundle: pass', async () => {
  const page = await openPage();
  assert.match(await page.getByTestId('privacy').textContent(), /nothing you paste leaves your machine/);
  await fillArtifact(page, 0, aks.artifacts[0]);
  await page.getByTestId('add-artifact').click();
  // an empty box is not evidence: the page still shows a verdict, not an input error
  await page.waitForTimeout(400);
  assert.ok(await page.getByTestId('verdict').isVisible(), 'a verdict with an empty second box');
  assert.ok(!(await page.getByTestId('error').isVisible()), await page.getByTestId('error').textContent());
  await fillArtifact(page, 1, aks.artifacts[1]);
  assert.equal(await verdict(page, 'pass'), 'pass', await page.locator('#live').textContent());
  assert.equal(await page.getByTestId('client-ca-file').textContent(), '/etc/kubernetes/certs/ca.crt');
  assert.match(await page.getByTestId('artifact-kind').nth(0).textContent(), /env-file/);
  assert.match(await page.getByTestId('artifact-kind').nth(1).textContent(), /systemd-unit/);
  await page.screenshot({ path: join(OUT, 'aks-pass-desktop.png'), fullPage: true });
  await page.close();
});

test('paste a failing bundle: fail, with the deciding line highlighted', async () => {
  const page = await openPage();
  await fillArtifact(page, 0, aksFail.artifacts[0]);
  await page.getByTestId('add-artifact').click();
  await fillArtifact(page, 1, aksFail.artifacts[1]);
  assert.equal(await verdict(page, 'fail'), 'fail', await page.locator('#live').textContent());
  const mark = page.getByTestId('highlight-decided');
  await mark.first().waitFor({ state: 'attached' });
  assert.equal(await mark.count(), 1, 'exactly one deciding line is highlighted');
  assert.match(await mark.textContent(), /--client-ca-file=/);
  // the highlight sits on the line the report names
  const reported = await page.locator('#decided-what .loc').textContent();
  const line = await mark.getAttribute('data-line');
  assert.ok(reported.includes(`:${line}`), `${reported} vs highlighted line ${line}`);
  assert.ok((await mark.boundingBox()).height > 0, 'the highlight is rendered');
  assert.ok(await page.getByTestId('remediation').isVisible(), 'a remediation is shown');
  await page.screenshot({ path: join(OUT, 'aks-fail-desktop.png'), fullPage: true });
  // "show in the text" selects the deciding line in its textarea
  await page.locator('#show-decided').click();
  const selected = await page.evaluate(() => {
    const ta = document.activeElement;
    return ta.value.slice(ta.selectionStart, ta.selectionEnd);
  });
  assert.match(selected, /--client-ca-file=/);
  // the share link holds the state in the fragment
  await page.getByTestId('share-link').click();
  await page.waitForFunction(() => document.getElementById('copy-link-status').textContent !== '');
  failUrl = page.url();
  assert.match(failUrl, /#z=|#j=/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), failUrl);
  await page.close();
});

test('empty boxes are skipped; positions still land in the right box', async () => {
  const page = await openPage();
  await page.getByTestId('add-artifact').click();
  await fillArtifact(page, 1, { text: '# ps output\nroot 1 0 0 ? 00:00:01 /usr/bin/kubelet --client-ca-file= --v=2\n', path: '' });
  assert.equal(await verdict(page, 'fail'), 'fail', await page.locator('#live').textContent());
  const boxes = page.getByTestId('artifact');
  assert.equal(await boxes.nth(0).getByTestId('highlight-decided').count(), 0);
  assert.equal(await boxes.nth(1).getByTestId('highlight-decided').count(), 1);
  assert.equal(await boxes.nth(1).getByTestId('highlight-decided').getAttribute('data-line'), '2');
  assert.match(await boxes.nth(1).getByTestId('artifact-kind').textContent(), /cmdline/);
  await page.close();
});

test('reload a share link: same state', async () => {
  assert.ok(failUrl, 'needs the previous test');
  const page = await openPage(failUrl);
  assert.equal(await verdict(page, 'fail'), 'fail');
  assert.equal(await page.getByTestId('artifact-text').count(), 2);
  assert.equal(await page.getByTestId('artifact-text').nth(0).inputValue(), aksFail.artifacts[0].text);
  assert.equal(await page.getByTestId('artifact-text').nth(1).inputValue(), aksFail.artifacts[1].text);
  assert.equal(await page.getByTestId('artifact-path').nth(0).inputValue(), aksFail.artifacts[0].path);
  assert.equal(await page.getByTestId('highlight-decided').count(), 1);
  await page.reload();
  await page.waitForFunction(() => /^Ready/.test(document.querySelector('[data-testid=engine-status]').textContent));
  assert.equal(await verdict(page, 'fail'), 'fail');
  await page.close();
});

test('bundled examples, at 360 px wide, keyboard only', async () => {
  const page = await openPage();
  await page.setViewportSize({ width: 360, height: 740 });
  const expected = { aks: 'pass', eks: 'pass', kubeadm: 'pass', 'aks-empty-flag': 'fail', 'ps-no-ca': 'fail' };
  for (const ex of EXAMPLES) {
    await page.getByTestId('example-select').selectOption(ex.id);
    assert.equal(await verdict(page, expected[ex.id]), expected[ex.id], `${ex.id}: ${await page.locator('#live').textContent()}`);
    assert.equal(await page.getByTestId('artifact-text').count(), ex.artifacts.length);
  }
  await page.getByTestId('example-select').selectOption('eks');
  await verdict(page, 'pass');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 360 px`);
  await page.screenshot({ path: join(OUT, 'eks-pass-360px.png'), fullPage: true });
  // keyboard: focus "add artifact" and press Enter: a new, focused artifact text box
  const n = await page.getByTestId('artifact-text').count();
  await page.getByTestId('add-artifact').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId('artifact-text').count(), n + 1);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'artifact-text');
  await page.keyboard.type('kubelet --client-ca-file=');
  // every control has an accessible name
  const unlabelled = await page.evaluate(() => Array.from(document.querySelectorAll('input, select, textarea, button'))
    .filter((el) => !el.closest('[hidden]') && !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  await page.close();
});

test('a panic in the module: restarted, the page says so and keeps working', async () => {
  const page = await openPage();
  await fillArtifact(page, 0, { text: 'kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt', path: '' });
  assert.equal(await verdict(page, 'pass'), 'pass');
  await page.evaluate(() => window.kubeletlintSelfTest.panic());
  await page.waitForFunction(() => /restarted/.test(document.querySelector('[data-testid=engine-status]').textContent));
  await fillArtifact(page, 0, { text: 'kubelet --client-ca-file=', path: '' });
  assert.equal(await verdict(page, 'fail'), 'fail');
  await page.close();
  // the panic message went to the console; it is expected here
  for (let i = consoleErrors.length - 1; i >= 0; i--) if (/deliberate panic/.test(consoleErrors[i])) consoleErrors.splice(i, 1);
});

test('the CSP forbids network connections; no request left the origin', async () => {
  const page = await openPage();
  const blocked = await page.evaluate(async (u) => {
    try { await fetch(u); return false; } catch { return true; }
  }, srv.url + 'index.html');
  assert.ok(blocked, 'fetch() to the own origin is blocked by connect-src none');
  await page.close();
  const origin = new URL(srv.url).origin;
  const outside = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  assert.deepEqual(outside, [], 'requests outside the page origin');
  assert.ok(srv.requests.some((u) => u.startsWith('/pkg/wasm-bytes.js')), 'the module was loaded from the page origin');
  assert.deepEqual(pageErrors, []);
  const unexpected = consoleErrors.filter((m) => !/Content Security Policy|Failed to fetch/.test(m));
  assert.deepEqual(unexpected, []);
});
