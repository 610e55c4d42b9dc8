// Runs the checker off the main thread. Every answer comes from the WebAssembly core
// (./pkg/index.js); this file only passes messages.
import * as k from './pkg/index.js';

const ready = k.load().then(
  () => postMessage({ type: 'ready', version: k.version(), kinds: k.kinds(), explain: k.explain() }),
  (e) => postMessage({ type: 'fatal', message: String(e && e.message || e) }),
);

function errorInfo(e) {
  return {
    message: String(e && e.message || e),
    kind: e && e.kind || 'internal',
    restarted: !!(e && e.restarted),
    artifact: e && e.artifact != null ? e.artifact : null,
    line: e && e.line != null ? e.line : null,
    column: e && e.column != null ? e.column : null,
  };
}

onmessage = async (ev) => {
  await ready;
  const msg = ev.data;
  if (msg.type === 'check') {
    const detected = [];
    for (const a of msg.artifacts) {
      try { detected.push(k.detectKind(a.text, a.path)); } catch (e) { detected.push(null); }
    }
    try {
      const report = k.check(msg.artifacts, msg.options);
      postMessage({ type: 'checked', id: msg.id, ok: true, report, detected, restarts: k.restartCount() });
    } catch (e) {
      postMessage({ type: 'checked', id: msg.id, ok: false, error: errorInfo(e), detected, restarts: k.restartCount() });
    }
  } else if (msg.type === 'panic') {
    // Self-test of the recovery (window.kubeletlintSelfTest.panic() on the page).
    try { k.__panicForTesting(); } catch (e) {
      postMessage({ type: 'panicked', error: errorInfo(e), restarts: k.restartCount() });
    }
  } else if (msg.type === 'render') {
    try {
      postMessage({ type: 'rendered', id: msg.id, ok: true, text: k.render(msg.artifacts, msg.format, msg.options) });
    } catch (e) {
      postMessage({ type: 'rendered', id: msg.id, ok: false, error: errorInfo(e) });
    }
  }
};
