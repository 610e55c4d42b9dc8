// kubeletlint page: UI only. Verdicts, kinds, positions and renderings all come from the
// WebAssembly core, which runs in a Web Worker (worker.js).
import { EXAMPLES } from './examples.js';

const $ = (id) => document.getElementById(id);
const DEBOUNCE_MS = 200;
const WATCHDOG_MS = 10000;
const LINE_HEIGHT = 20; // px, as in style.css (.editor)

// ---------------------------------------------------------------- state
/** @type {{artifacts: {text: string, path: string, kind: string}[], kubeletVersion: string}} */
const state = { artifacts: [], kubeletVersion: '' };
let kinds = [];
let worker = null;
let workerReady = false;
let seq = 0;
let lastSent = 0;
let watchdog = null;
let debounce = null;
let lastReport = null;
let lastResult = null;
let restartsSeen = 0;
let version = '';
let lastInput = null; // what the shown report was computed from (for the renderings)
let hungKey = null; // the input that made the checker hang (not re-run automatically)

// ---------------------------------------------------------------- worker
function status(text, warn = false) {
  const el = $('engine-status');
  el.textContent = text;
  el.classList.toggle('warn', warn);
}

function startWorker() {
  workerReady = false;
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (ev) => onWorkerMessage(ev.data);
  worker.onerror = (ev) => {
    ev.preventDefault();
    status(`The checker could not start (${ev.message || 'worker error'}). Serve this page over http(s) from a static file server.`, true);
  };
}

function restartWorker(reason) {
  if (worker) worker.terminate();
  clearTimeout(watchdog);
  watchdog = null;
  startWorker();
  status(reason, true);
}

function onWorkerMessage(msg) {
  if (msg.type === 'ready') {
    workerReady = true;
    version = msg.version;
    kinds = msg.kinds;
    artifactNodes().forEach((node, i) => kindOptions(node.querySelector('.kind'), state.artifacts[i].kind));
    $('explain').textContent = msg.explain;
    if (!$('engine-status').classList.contains('warn')) {
      status(`Ready: kubeletlint ${msg.version}, running as WebAssembly in this tab.`);
    }
    scheduleCheck(0);
  } else if (msg.type === 'fatal') {
    status(`The checker could not be loaded: ${msg.message}`, true);
  } else if (msg.type === 'checked') {
    if (msg.id !== lastSent) return; // a newer check is on its way
    clearTimeout(watchdog);
    watchdog = null;
    if (msg.restarts > restartsSeen) {
      restartsSeen = msg.restarts;
      status(`The checker hit an internal error and was restarted (${msg.restarts}×). Please report the input that caused it. It keeps working for other input.`, true);
    }
    showResult(msg);
  } else if (msg.type === 'panicked') {
    restartsSeen = msg.restarts;
    status(`The checker hit an internal error and was restarted (${msg.restarts}×). It keeps working.`, true);
    scheduleCheck(0);
  } else if (msg.type === 'rendered') {
    $('format-output').textContent = msg.ok ? msg.text : msg.error.message;
  }
}

// ---------------------------------------------------------------- checking
function hasEvidence() {
  return state.artifacts.some((a) => a.text.trim() !== '');
}

function scheduleCheck(delay = DEBOUNCE_MS) {
  clearTimeout(debounce);
  debounce = setTimeout(runCheck, delay);
}

function runCheck() {
  saveToFragment();
  if (!workerReady) return;
  if (!hasEvidence()) {
    lastSent = ++seq;
    lastReport = null;
    lastResult = null;
    $('report').hidden = true;
    $('error').hidden = true;
    miniVerdict('');
    updateBadges([]);
    renderAllBackdrops();
    return;
  }
  const options = { now_unix: Math.floor(Date.now() / 1000) };
  if (state.kubeletVersion.trim()) options.kubelet_version = state.kubeletVersion.trim();
  // Empty boxes are not evidence (the core would reject them): they are left out, and `map`
  // takes the indices in the report back to the boxes.
  const artifacts = [];
  const map = [];
  state.artifacts.forEach((a, i) => {
    if (!a.text.trim()) return;
    const out = { text: a.text };
    if (a.path.trim()) out.path = a.path.trim();
    if (a.kind) out.kind = a.kind;
    artifacts.push(out);
    map.push(i);
  });
  const key = JSON.stringify([artifacts, options.kubelet_version]);
  if (key === hungKey) return; // it hung on exactly this input; wait for an edit
  lastSent = ++seq;
  lastInput = { artifacts, options, map, boxes: state.artifacts.length };
  worker.postMessage({ type: 'check', id: lastSent, artifacts, options });
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    hungKey = key;
    restartWorker('A check took too long and was stopped; the checker was restarted. Edit the evidence to try again.');
  }, WATCHDOG_MS);
}

// ---------------------------------------------------------------- results
function locText(loc) {
  if (!loc) return '';
  let s = loc.source || (loc.artifact != null ? `artifact #${loc.artifact + 1}` : 'evidence');
  if (loc.line != null) s += `:${loc.line}` + (loc.column != null ? `:${loc.column}` : '');
  if (loc.argv_index != null) s += ` (argv[${loc.argv_index}])`;
  return s;
}

/** A location as a button that selects the line in its artifact (plain text when no artifact). */
function locNode(loc) {
  const text = locText(loc);
  if (!loc || loc.artifact == null || !state.artifacts[box(loc.artifact)]) {
    const span = document.createElement('span');
    span.className = 'loc';
    span.textContent = text;
    return span;
  }
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'linklike loc';
  b.textContent = text;
  b.title = 'Show in the text';
  b.addEventListener('click', () => revealLine(box(loc.artifact), loc.line, loc.column));
  return b;
}

function sourceItem(src, role) {
  const li = document.createElement('li');
  const strong = document.createElement('strong');
  strong.textContent = role ? `${role}: ` : '';
  li.append(strong, ...rich(src.what));
  if (src.value !== undefined) {
    const code = document.createElement('code');
    code.textContent = JSON.stringify(src.value);
    li.append(' = ', code);
  }
  li.append(' at ', locNode(src.location));
  return li;
}

/** Text with `backtick` spans (as the core writes its messages) as nodes, the spans as <code>. */
function rich(text) {
  return String(text).split('`').map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  });
}

function fill(el, nodes) {
  el.replaceChildren(...nodes);
  return nodes.length > 0;
}

function miniVerdict(text) {
  const el = $('mini-verdict');
  el.hidden = !text;
  el.querySelector('span').textContent = text || '';
}

/** The box of artifact `i` of the shown result (the report counts only non-empty boxes). */
function box(i) {
  if (i == null) return undefined;
  return lastResult && lastResult.map ? lastResult.map[i] : i;
}

function showResult(msg) {
  msg.map = lastInput.map;
  msg.boxes = lastInput.boxes;
  lastResult = msg;
  miniVerdict(msg.ok ? msg.report.verdict : 'cannot check');
  updateBadges(msg.detected, msg.ok ? msg.report : null);
  if (!msg.ok) {
    lastReport = null;
    $('report').hidden = true;
    const e = msg.error;
    const box = $('error');
    box.hidden = false;
    const title = document.createElement('strong');
    title.textContent = e.kind === 'input' ? 'Cannot check this input' : 'Internal error';
    const p = document.createElement('div');
    p.className = 'mono';
    p.textContent = e.message;
    const nodes = [title, p];
    if (e.artifact != null && e.line != null) {
      nodes.push(locNode({ artifact: e.artifact, line: e.line, column: e.column, source: `artifact #${e.artifact + 1}` }));
    }
    box.replaceChildren(...nodes);
    renderAllBackdrops();
    return;
  }
  const r = msg.report;
  lastReport = r;
  $('error').hidden = true;
  $('report').hidden = false;
  const v = $('verdict');
  v.textContent = r.verdict;
  v.className = `verdict ${r.verdict}`;
  $('certainty').textContent = r.certainty === 'derived' ? '(derived: a rule inferred from the kubelet source decided part of this)' : '';
  $('summary').replaceChildren(...rich(r.summary));
  $('client-ca-file').textContent = r.client_ca_file ?? '';
  $('client-ca-file').hidden = r.client_ca_file == null;
  $('client-ca-file-none').hidden = r.client_ca_file != null;
  $('judged-version').textContent = r.judged_version ? `${r.judged_version.version} (${r.judged_version.reason})` : 'unknown';
  $('platform').textContent = r.platform || 'unknown';

  const d = r.provenance && r.provenance.decided_by;
  $('decided').hidden = !d;
  if (d) {
    const what = $('decided-what');
    what.replaceChildren(...rich(d.what), d.value !== undefined ? ` = ${JSON.stringify(d.value)}` : '', ' at ', locNode(d.location));
    $('decided-excerpt').textContent = d.location.excerpt ?? '';
    $('decided-excerpt').hidden = !d.location.excerpt;
    $('show-decided').hidden = d.location.artifact == null;
  }
  const chain = [];
  if (d) chain.push(sourceItem(d, 'decided by'));
  for (const s of r.provenance.via || []) chain.push(sourceItem(s, 'via'));
  $('provenance-box').hidden = !fill($('provenance'), chain);
  $('overridden-box').hidden = !fill($('overridden'), (r.provenance.overridden || []).map((s) => sourceItem(s, '')));

  $('diagnostics-box').hidden = !fill($('diagnostics'), r.diagnostics.map((dg) => {
    const li = document.createElement('li');
    const sev = document.createElement('span');
    sev.className = `sev ${dg.severity}`;
    sev.textContent = dg.severity;
    const code = document.createElement('code');
    code.textContent = dg.code;
    li.append(sev, ' ', code, ' ', ...rich(dg.message));
    if (dg.location) li.append(' — ', locNode(dg.location));
    return li;
  }));
  $('unseen-box').hidden = !fill($('unseen'), r.unseen.map((u) => {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = u.reference;
    li.append(`${u.what} `, code, u.could_decide ? ' (could change the answer)' : ' (does not change the answer)');
    if (u.referenced_at) li.append(', referenced at ', locNode(u.referenced_at));
    return li;
  }));

  const rem = r.remediation;
  $('remediation-box').hidden = !rem;
  if (rem) {
    $('remediation-platform').textContent = rem.platform ? `(${rem.platform})` : '';
    const p = document.createElement('p');
    p.replaceChildren(...rich(rem.summary));
    const ol = document.createElement('ol');
    for (const step of rem.steps) {
      const li = document.createElement('li');
      if (step.includes('\n')) {
        const pre = document.createElement('pre');
        pre.className = 'output';
        pre.textContent = step;
        li.append(pre);
      } else {
        li.replaceChildren(...rich(step));
      }
      ol.append(li);
    }
    $('remediation').replaceChildren(p, ol);
    $('copy-remediation-status').textContent = '';
  }
  if ($('formats').open) requestRender();
  renderAllBackdrops();
}

function requestRender() {
  if (!lastReport || !workerReady) {
    $('format-output').textContent = '';
    return;
  }
  worker.postMessage({ type: 'render', id: ++seq, format: $('format').value, ...lastInput });
}

// ---------------------------------------------------------------- artifacts
function artifactNodes() {
  return Array.from($('artifacts').querySelectorAll('.artifact'));
}

function updateBadges(detected, report) {
  const map = lastResult && lastResult.map;
  artifactNodes().forEach((node, i) => {
    const badge = node.querySelector('.kind-badge');
    const j = map ? map.indexOf(i) : i; // index in the checked evidence (-1: empty box)
    const summary = report && report.artifacts && j >= 0 ? report.artifacts.find((a) => a.index === j) : null;
    let text = '';
    let unknown = false;
    if (summary) {
      text = `${summary.kind} (${summary.kind_from})`;
      if (summary.role && summary.role !== 'used') text += ` · ${summary.role}`;
      if (summary.note) text += `: ${summary.note}`;
    } else if (state.artifacts[i] && state.artifacts[i].text.trim()) {
      const k = detected && j >= 0 && detected[j];
      text = state.artifacts[i].kind ? `${state.artifacts[i].kind} (given)` : (k ? `${k} (detected)` : 'kind not recognised');
      unknown = !k && !state.artifacts[i].kind;
    }
    badge.replaceChildren(...(text ? rich(`— ${text}`) : []));
    badge.dataset.kind = summary ? summary.kind : ((detected && j >= 0 && detected[j]) || state.artifacts[i]?.kind || '');
    badge.classList.toggle('unknown', unknown);
  });
}

/** Marks per artifact: line → {cls, column?}. Only positions reported by the core. */
function collectMarks() {
  const marks = state.artifacts.map(() => new Map());
  const add = (loc, cls, strong) => {
    const b = box(loc && loc.artifact);
    if (!loc || b == null || loc.line == null || !marks[b]) return;
    const m = marks[b];
    const prev = m.get(loc.line);
    if (prev && prev.cls === 'line-decided') return; // the deciding line wins
    m.set(loc.line, { cls, column: strong ? loc.column : undefined });
  };
  if (lastResult && lastResult.ok) {
    const r = lastResult.report;
    for (const dg of r.diagnostics) add(dg.location, `line-${dg.severity}`, false);
    const d = r.provenance && r.provenance.decided_by;
    if (d) add(d.location, 'line-decided', true);
  } else if (lastResult && !lastResult.ok) {
    const e = lastResult.error;
    add({ artifact: e.artifact, line: e.line }, 'line-error', false);
  }
  return marks;
}

function renderBackdrop(node, text, lineMarks) {
  const backdrop = node.querySelector('.backdrop');
  const out = [];
  const lines = text.split('\n');
  lines.forEach((line, idx) => {
    const m = lineMarks.get(idx + 1);
    if (!m) {
      out.push(document.createTextNode(line));
    } else {
      const mark = document.createElement('mark');
      mark.className = m.cls;
      if (m.cls === 'line-decided') mark.dataset.testid = 'highlight-decided';
      else mark.dataset.testid = 'highlight';
      mark.dataset.line = String(idx + 1);
      if (m.column != null && m.column >= 1) {
        // Columns count characters (code points), as the core reports them.
        const chars = Array.from(line);
        const start = Math.min(m.column - 1, chars.length);
        let end = start;
        while (end < chars.length && !/\s/.test(chars[end])) end++;
        const at = document.createElement('mark');
        at.className = 'at-decided';
        at.textContent = chars.slice(start, end).join('');
        mark.append(chars.slice(0, start).join(''), at, chars.slice(end).join(''));
      } else {
        mark.textContent = line;
      }
      out.push(mark);
    }
    if (idx < lines.length - 1) out.push(document.createTextNode('\n'));
  });
  out.push(document.createTextNode('\n\n')); // room to scroll as far as the textarea
  backdrop.replaceChildren(...out);
  syncScroll(node);
}

let lastDecidedKey = '';
function renderAllBackdrops() {
  const marks = collectMarks();
  artifactNodes().forEach((node, i) => renderBackdrop(node, state.artifacts[i].text, marks[i]));
  // Bring a newly reported deciding word into view (unless the user is typing in that box).
  const d = lastResult && lastResult.ok && lastResult.report.provenance.decided_by;
  const key = d ? `${d.location.artifact}:${d.location.line}:${d.location.column}` : '';
  if (key && key !== lastDecidedKey) {
    const node = artifactNodes()[box(d.location.artifact)];
    const ta = node && node.querySelector('textarea');
    const at = node && (node.querySelector('mark.at-decided') || node.querySelector('mark.line-decided'));
    if (ta && at && document.activeElement !== ta) {
      const x = at.offsetLeft;
      const y = at.offsetTop;
      if (x < ta.scrollLeft || x > ta.scrollLeft + ta.clientWidth - 40) ta.scrollLeft = Math.max(0, x - 40);
      if (y < ta.scrollTop || y > ta.scrollTop + ta.clientHeight - LINE_HEIGHT) ta.scrollTop = Math.max(0, y - 2 * LINE_HEIGHT);
      syncScroll(node);
    }
  }
  lastDecidedKey = key;
}

function syncScroll(node) {
  const ta = node.querySelector('textarea');
  const bd = node.querySelector('.backdrop');
  bd.scrollTop = ta.scrollTop;
  bd.scrollLeft = ta.scrollLeft;
}

/** Focuses artifact `index` and selects the word at `line`:`column` (the whole line without a column). */
function revealLine(index, line, column) {
  const node = artifactNodes()[index];
  if (!node) return;
  const ta = node.querySelector('textarea');
  const lines = state.artifacts[index].text.split('\n');
  const l = Math.max(1, Math.min(line || 1, lines.length));
  let start = 0;
  for (let i = 0; i < l - 1; i++) start += lines[i].length + 1;
  const text = lines[l - 1];
  let from = 0;
  let to = text.length;
  if (column != null && column >= 1) {
    // columns count characters (code points); the textarea counts UTF-16 units
    const chars = Array.from(text);
    const c = Math.min(column - 1, chars.length);
    let e = c;
    while (e < chars.length && !/\s/.test(chars[e])) e++;
    from = chars.slice(0, c).join('').length;
    to = chars.slice(0, e).join('').length;
  }
  ta.focus();
  ta.setSelectionRange(start + from, start + to);
  ta.scrollTop = Math.max(0, (l - 3) * LINE_HEIGHT);
  syncScroll(node);
}

function kindOptions(select, value) {
  const opts = [new Option('auto', '')];
  for (const k of kinds) opts.push(new Option(k, k));
  select.replaceChildren(...opts);
  select.value = value || '';
}

function renderArtifacts() {
  const tpl = $('artifact-template');
  const container = $('artifacts');
  const nodes = state.artifacts.map((a, i) => {
    const frag = tpl.content.cloneNode(true);
    const node = frag.querySelector('.artifact');
    node.dataset.index = String(i);
    node.querySelector('.artifact-title').textContent = `Artifact ${i + 1}`;
    const ta = node.querySelector('textarea');
    ta.id = `artifact-text-${i}`;
    ta.value = a.text;
    ta.setAttribute('aria-label', `Artifact ${i + 1} text`);
    node.querySelector('.text-label').htmlFor = ta.id;
    const path = node.querySelector('.path');
    path.value = a.path;
    path.id = `artifact-path-${i}`;
    const kind = node.querySelector('.kind');
    kindOptions(kind, a.kind);
    const remove = node.querySelector('.remove');
    remove.setAttribute('aria-label', `Remove artifact ${i + 1}`);
    remove.hidden = state.artifacts.length < 2;

    ta.addEventListener('input', () => {
      state.artifacts[i].text = ta.value;
      renderBackdrop(node, ta.value, new Map()); // stale marks go; fresh ones come with the result
      scheduleCheck();
    });
    ta.addEventListener('scroll', () => syncScroll(node));
    path.addEventListener('input', () => { state.artifacts[i].path = path.value; scheduleCheck(); });
    kind.addEventListener('change', () => { state.artifacts[i].kind = kind.value; scheduleCheck(0); });
    remove.addEventListener('click', () => {
      state.artifacts.splice(i, 1);
      renderArtifacts();
      const rest = artifactNodes();
      (rest[Math.min(i, rest.length - 1)]?.querySelector('textarea') || $('add-artifact')).focus();
      scheduleCheck(0);
    });
    const editor = node.querySelector('.editor');
    editor.addEventListener('dragover', (ev) => { if (hasFiles(ev)) { ev.preventDefault(); editor.classList.add('dragover'); } });
    editor.addEventListener('dragleave', () => editor.classList.remove('dragover'));
    editor.addEventListener('drop', (ev) => {
      editor.classList.remove('dragover');
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      ev.stopPropagation();
      dropFiles(ev.dataTransfer.files, i);
    });
    return frag;
  });
  container.replaceChildren(...nodes);
  lastResult = lastResult && lastResult.boxes === state.artifacts.length ? lastResult : null;
  updateBadges(lastResult ? lastResult.detected : [], lastResult && lastResult.ok ? lastResult.report : null);
  renderAllBackdrops();
}

function hasFiles(ev) {
  return ev.dataTransfer && Array.from(ev.dataTransfer.types || []).includes('Files');
}

/** Files dropped on artifact `at` (or on the page: null) become artifacts. */
async function dropFiles(files, at) {
  const texts = await Promise.all(Array.from(files).map((f) => f.text()));
  if (!texts.length) return;
  let first = texts;
  if (at != null) {
    state.artifacts[at].text = texts[0];
    first = texts.slice(1);
  } else if (state.artifacts.length === 1 && !state.artifacts[0].text.trim()) {
    state.artifacts[0].text = texts[0];
    first = texts.slice(1);
  }
  for (const t of first) state.artifacts.push({ text: t, path: '', kind: '' });
  renderArtifacts();
  scheduleCheck(0);
}

function addArtifact(a = { text: '', path: '', kind: '' }) {
  state.artifacts.push(a);
  renderArtifacts();
  artifactNodes().at(-1).querySelector('textarea').focus();
  scheduleCheck();
}

// ---------------------------------------------------------------- share link (URL fragment)
function b64url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64url(s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

async function encodeState() {
  const json = JSON.stringify({
    v: 1,
    a: state.artifacts.map((a) => [a.text, a.path, a.kind]),
    kv: state.kubeletVersion || undefined,
  });
  const raw = new TextEncoder().encode(json);
  if (typeof CompressionStream === 'function') return `z=${b64url(await pipe(raw, new CompressionStream('deflate-raw')))}`;
  return `j=${b64url(raw)}`;
}

async function decodeState(hash) {
  const h = hash.replace(/^#/, '');
  let bytes;
  if (h.startsWith('z=')) bytes = await pipe(unb64url(h.slice(2)), new DecompressionStream('deflate-raw'));
  else if (h.startsWith('j=')) bytes = unb64url(h.slice(2));
  else return null;
  const s = JSON.parse(new TextDecoder().decode(bytes));
  if (!s || s.v !== 1 || !Array.isArray(s.a)) return null;
  return {
    artifacts: s.a.map((x) => ({ text: String(x[0] ?? ''), path: String(x[1] ?? ''), kind: String(x[2] ?? '') })),
    kubeletVersion: String(s.kv ?? ''),
  };
}

let fragmentWrite = Promise.resolve();
let currentFragment = location.hash;
function saveToFragment() {
  fragmentWrite = fragmentWrite.then(async () => {
    const frag = hasEvidence() ? `#${await encodeState()}` : '';
    if (frag !== currentFragment) {
      currentFragment = frag;
      history.replaceState(null, '', frag || location.pathname + location.search);
    }
  }).catch((e) => console.error('share link', e));
}

async function loadFromFragment() {
  try {
    const s = location.hash ? await decodeState(location.hash) : null;
    if (s) {
      state.artifacts = s.artifacts.length ? s.artifacts : [{ text: '', path: '', kind: '' }];
      state.kubeletVersion = s.kubeletVersion;
      currentFragment = location.hash;
      return true;
    }
  } catch (e) {
    status('The link could not be read (it may be cut short). Starting empty.', true);
  }
  return false;
}

// ---------------------------------------------------------------- clipboard
async function copyText(text, statusEl) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'skip';
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    if (!ok) {
      statusEl.textContent = 'Copy failed: select and copy by hand.';
      return;
    }
  }
  statusEl.textContent = 'Copied.';
  setTimeout(() => { statusEl.textContent = ''; }, 3000);
}

// ---------------------------------------------------------------- wiring
async function main() {
  for (const ex of EXAMPLES) $('example').append(new Option(ex.title, ex.id));
  if (!(await loadFromFragment())) state.artifacts = [{ text: '', path: '', kind: '' }];
  $('kubelet-version').value = state.kubeletVersion;
  renderArtifacts();
  startWorker();

  $('add-artifact').addEventListener('click', () => addArtifact());
  $('clear-all').addEventListener('click', () => {
    state.artifacts = [{ text: '', path: '', kind: '' }];
    renderArtifacts();
    artifactNodes()[0].querySelector('textarea').focus();
    scheduleCheck(0);
  });
  $('example').addEventListener('change', () => {
    const ex = EXAMPLES.find((e) => e.id === $('example').value);
    if (!ex) return;
    state.artifacts = ex.artifacts.map((a) => ({ text: a.text, path: a.path || '', kind: a.kind || '' }));
    renderArtifacts();
    scheduleCheck(0);
  });
  $('kubelet-version').addEventListener('input', () => { state.kubeletVersion = $('kubelet-version').value; scheduleCheck(); });
  $('show-decided').addEventListener('click', () => {
    const d = lastReport && lastReport.provenance.decided_by;
    if (d) revealLine(box(d.location.artifact), d.location.line, d.location.column);
  });
  $('copy-remediation').addEventListener('click', () => {
    const rem = lastReport && lastReport.remediation;
    if (rem) copyText([rem.summary, ...rem.steps].join('\n\n'), $('copy-remediation-status'));
  });
  $('formats').addEventListener('toggle', () => { if ($('formats').open) requestRender(); });
  $('format').addEventListener('change', requestRender);
  $('copy-format').addEventListener('click', () => copyText($('format-output').textContent, $('copy-format-status')));
  $('copy-link').addEventListener('click', async () => {
    saveToFragment();
    await fragmentWrite;
    copyText(location.href, $('copy-link-status'));
  });
  window.addEventListener('hashchange', async () => {
    if (location.hash === currentFragment) return;
    if (await loadFromFragment()) {
      $('kubelet-version').value = state.kubeletVersion;
      renderArtifacts();
      scheduleCheck(0);
    }
  });
  // Files dropped anywhere else on the page become new artifacts.
  document.addEventListener('dragover', (ev) => { if (hasFiles(ev)) { ev.preventDefault(); $('drop-hint').hidden = false; } });
  document.addEventListener('dragleave', (ev) => { if (!ev.relatedTarget) $('drop-hint').hidden = true; });
  document.addEventListener('drop', (ev) => {
    $('drop-hint').hidden = true;
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    dropFiles(ev.dataTransfer.files, null);
  });
}

// A hook for testing the recovery from a panic inside the WebAssembly module.
window.kubeletlintSelfTest = { panic: () => worker && worker.postMessage({ type: 'panic' }) };

main();
