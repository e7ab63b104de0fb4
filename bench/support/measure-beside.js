// One server's side of the comparison in bench/lsp-latency.js, measured the same way for passk and for
// yaml-language-server, both at their default settings (passk debounces diagnostics by 150 ms while typing,
// yaml-language-server validates 200 ms after the last change):
//   - didOpen → first diagnostics, each on a freshly started server (what opening a recipe costs), then the
//     first completion request once those diagnostics are in;
//   - didChange → diagnostics, one edited digit after a pause longer than either debounce (what a user sees
//     when they stop typing), followed by a completion request once the diagnostics are in;
//   - completion while an analysis runs: after an edit, completion requests one after another, 20 ms apart, until
//     that edit's diagnostics arrive, so some land during the debounce and some during the analysis itself.
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { startServer } = require('./lsp-client');

const root = path.join(__dirname, '..', '..');
const PAUSE_MS = 250;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const elapsed = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/**
 * @param {{ name: string, script: string, options?: object, languageId: string }} server
 * @param {string} text the recipe
 * @param {{ openRuns: number, changes: number, loadedEdits: number }} counts
 */
async function measureBeside(server, text, counts) {
  const lineCount = text.split('\n').length - 1;
  const lines = text.split('\n');
  const editLine = lines.indexOf('    samples: 8');
  const valueCol = '    samples: '.length;
  // The last evaluation's model value: completion there is answered from the end of the longest document.
  const modelLine = lines.findLastIndex((l) => /^ {4}model: m\d+$/.test(l));
  const completionAt = (uri) => ({ textDocument: { uri }, position: { line: modelLine, character: '    model: '.length } });
  const open = [];
  let session;
  let uri;
  for (let r = 0; r < counts.openRuns; r++) {
    if (session) await session.stop();
    session = await startServer(server.script, server.options);
    uri = pathToFileURL(path.join(root, 'bench', `generated-${server.name}-${lineCount}-${r}.recipe.yaml`)).toString();
    const published = session.waitDiagnostics(uri, 1);
    const t0 = process.hrtime.bigint();
    session.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: server.languageId, version: 1, text } });
    await published;
    open.push(elapsed(t0));
  }
  // The first completion after opening: a server that answers it from an analysis made on demand pays for it here.
  const t1 = process.hrtime.bigint();
  await session.rpc.sendRequest('textDocument/completion', completionAt(uri));
  const firstCompletion = elapsed(t1);
  let version = 1;
  const edit = () => {
    version++;
    const digit = String(2 + (version % 7));
    const published = session.waitDiagnostics(uri, version);
    const t0 = process.hrtime.bigint();
    session.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: editLine, character: valueCol }, end: { line: editLine, character: valueCol + 1 } }, text: digit }],
    });
    return { t0, published };
  };
  const change = [];
  const completion = [];
  let diagnosticsCount = -1;
  for (let i = 0; i < counts.changes + 2; i++) {
    await sleep(PAUSE_MS);
    const { t0, published } = edit();
    const p = await published;
    const d = elapsed(t0);
    diagnosticsCount = p.diagnostics.length;
    const t1 = process.hrtime.bigint();
    await session.rpc.sendRequest('textDocument/completion', completionAt(uri));
    // The first two edits warm the server's code paths and are not counted.
    if (i >= 2) {
      change.push(d);
      completion.push(elapsed(t1));
    }
  }
  const loaded = [];
  for (let i = 0; i < counts.loadedEdits; i++) {
    await sleep(PAUSE_MS);
    const { published } = edit();
    let done = false;
    published.then(() => {
      done = true;
    });
    // One request at a time, as an editor that waits for (or cancels) the last completion before asking again.
    while (!done) {
      const t0 = process.hrtime.bigint();
      await session.rpc.sendRequest('textDocument/completion', completionAt(uri));
      loaded.push(elapsed(t0));
      await Promise.race([sleep(20), published]);
    }
  }
  await session.stop();
  return { open, firstCompletion, change, completion, loaded, diagnosticsCount };
}

module.exports = { measureBeside };
