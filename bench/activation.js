// What opening the first recipe costs before the user sees anything: the two parts of the extension's
// activation that happen outside VS Code's own work, measured in fresh processes so nothing is warm.
//   - bundle load: `require('dist/extension.js')` (the whole client, vscode-languageclient included) with the
//     `vscode` module stubbed; against the named baseline of loading vscode-languageclient/node alone, i.e. the
//     floor any LSP-based extension pays.
//   - server start: spawn `node dist/server.js --stdio`, send `initialize`, wait for the answer; against the
//     named baseline of the same handshake with a bare vscode-languageserver echo server
//     (bench/support/lsp-echo-server.js), i.e. Node start-up plus the protocol library alone.
// In the real editor the e2e suite prints the same end to end (activate() itself and "server ready").
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const root = path.join(__dirname, '..');
const RUNS = Number(process.env.PASSK_BENCH_RUNS || 12);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (xs) => `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms`;

/** Milliseconds to require `target` in a fresh Node process, with `vscode` resolved to an inert stub. */
function loadTime(target) {
  const script = `
    const Module = require('module');
    const load = Module._load;
    const stub = new Proxy(function () {}, { get: (t, k) => (k === '__esModule' ? false : stub), apply: () => stub, construct: () => stub });
    Module._load = function (req, ...rest) { return req === 'vscode' ? stub : load.call(this, req, ...rest); };
    const t0 = process.hrtime.bigint();
    require(${JSON.stringify(target)});
    process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));`;
  const res = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`loading ${target} failed: ${res.stderr}`);
  return Number(res.stdout);
}

/** Milliseconds from spawning a stdio language server to its `initialize` answer. */
async function handshake(file) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [file, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  conn.listen();
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { workspaceTrusted: true } });
    return performance.now() - t0;
  } finally {
    conn.dispose();
    child.kill();
  }
}

async function main() {
  const ext = path.join(root, 'dist', 'extension.js');
  const lc = require.resolve('vscode-languageclient/node', { paths: [root] });
  const extLoad = [];
  const lcLoad = [];
  const server = [];
  const echo = [];
  for (let i = 0; i < RUNS; i++) {
    extLoad.push(loadTime(ext));
    lcLoad.push(loadTime(lc));
    server.push(await handshake(path.join(root, 'dist', 'server.js')));
    echo.push(await handshake(path.join(root, 'bench', 'support', 'lsp-echo-server.js')));
  }
  console.log(`activation, ${RUNS} fresh processes each:`);
  console.log(`  load dist/extension.js          ${fmt(extLoad)}`);
  console.log(`  baseline: vscode-languageclient ${fmt(lcLoad)}   ratio ${(quantile(extLoad, 0.5) / quantile(lcLoad, 0.5)).toFixed(2)}×`);
  console.log(`  spawn server → initialize       ${fmt(server)}`);
  console.log(`  baseline: echo server           ${fmt(echo)}   ratio ${(quantile(server, 0.5) / quantile(echo, 0.5)).toFixed(2)}×`);
}

main().catch((e) => {
  console.error(`bench/activation: ${e.message}`);
  process.exit(1);
});
