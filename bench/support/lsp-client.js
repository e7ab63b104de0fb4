// A minimal LSP client over real stdio for the latency benchmarks: starts a server script, initializes it, answers
// the server-to-client requests a settings-pulling server makes (workspace/configuration,
// client/registerCapability), and lets the benchmark wait for the diagnostics of a document.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const root = path.join(__dirname, '..', '..');

/**
 * @param {string} script the server's entry file, started with `node script --stdio`
 * @param {{ initializationOptions?: unknown, settings?: Record<string, unknown> }} options settings are served by
 *   section to workspace/configuration and sent once with didChangeConfiguration, as VS Code does.
 */
async function startServer(script, options = {}) {
  const child = spawn(process.execPath, [script, '--stdio'], { cwd: root, stdio: 'pipe' });
  child.stderr.on('data', () => undefined);
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const listeners = new Set();
  const settings = options.settings ?? {};
  let configured;
  const configurationPulled = new Promise((r) => {
    configured = r;
  });
  rpc.onNotification('textDocument/publishDiagnostics', (p) => listeners.forEach((l) => l(p)));
  rpc.onNotification(() => undefined);
  rpc.onRequest('workspace/configuration', (p) => {
    configured();
    return p.items.map((item) => settings[item.section] ?? null);
  });
  rpc.onRequest('client/registerCapability', () => null);
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.listen();
  const capabilities = {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    // Completion lists may say a shared edit range once, as VS Code (1.100) declares; each server decides whether to.
    textDocument: {
      synchronization: { didSave: true },
      completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } },
      publishDiagnostics: {},
    },
  };
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).toString(),
    workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'passk' }],
    capabilities,
    initializationOptions: options.initializationOptions,
  });
  rpc.sendNotification('initialized', {});
  if (options.settings) {
    rpc.sendNotification('workspace/didChangeConfiguration', { settings });
    // Documents are opened only once the server has its settings, as in an editor that has been open a while.
    await Promise.race([configurationPulled, new Promise((r) => setTimeout(r, 2000))]);
    await new Promise((r) => setTimeout(r, 100));
  }
  /** The next diagnostics for `uri`; a server that sends no version is taken to answer the latest change. */
  const waitDiagnostics = (uri, version) =>
    new Promise((resolve) => {
      const l = (p) => {
        if (p.uri === uri && (p.version === undefined || p.version === null || version === undefined || p.version === version)) {
          listeners.delete(l);
          resolve(p);
        }
      };
      listeners.add(l);
    });
  const stop = async () => {
    await Promise.race([rpc.sendRequest('shutdown', null).catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
    rpc.sendNotification('exit', null);
    const exited = new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (child.exitCode === null) child.kill();
    rpc.dispose();
  };
  return { rpc, waitDiagnostics, stop };
}

module.exports = { startServer };
