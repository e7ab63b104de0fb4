// Entry point of dist/extension.js: activation only. It wires the language client, the status bar, the
// commands and the views; every behaviour lives in its own file. The returned object exposes timings and a
// `ready` promise, which the extension tests use to measure activation and to wait for the server.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { WorkspaceTrustNotification } from '../../server/src/protocol/requests';
import { ApiKeyStore } from './api-keys';
import { registerCommands } from './commands';
import { KeySeal } from './key-seal';
import { readConfig } from './config';
import { DatasetResults } from './dataset-results';
import { HeatDecorations } from './heat-decorations';
import { createLanguageClient } from './language-client';
import { PreviewView } from './preview-view';
import { RecipeCheck } from './recipe-check';
import { ReportView } from './report-view';
import { ResultsCommandsHost } from './results-commands';
import { ResultsView } from './results-view';
import { RunController, type RunProgressEvent } from './run-controller';
import { scrubbingChannel } from './scrubbing-channel';
import { Simulator } from './simulator';
import { StatusItem } from './status-item';

export interface PasskApi {
  /** Milliseconds spent in activate() itself. */
  activationMs: number;
  /** Resolves with the milliseconds from activation until the language server answered `initialize`. */
  ready: Promise<number>;
  client(): LanguageClient;
  /** Progress of editor runs, as the notification shows it. */
  onRunProgress: vscode.Event<RunProgressEvent>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): PasskApi {
  const t0 = performance.now();
  const keys = new ApiKeyStore(context.secrets, context.globalState, () => vscode.workspace.isTrusted);
  // Everything passk writes, the LSP trace included, passes a filter that redacts every key this session knows.
  const output = scrubbingChannel(vscode.window.createOutputChannel('passk', { log: true }), () => keys.known());
  const seal = new KeySeal();
  const status = new StatusItem();
  const check = new RecipeCheck();
  const current = (): LanguageClient => {
    if (!client) throw new Error('The passk language server is not running.');
    return client;
  };
  const runs = new RunController(current, keys, seal, status, output);
  const report = new ReportView();
  const preview = new PreviewView();
  // The simulator knows the problems of the starter data the .vsix ships (the datasets of the example recipes).
  const starterData = ['gsm8k/test.jsonl', 'gsm8k/train.jsonl', 'math/test.jsonl'].map((f) => context.asAbsolutePath(`starter/data/${f}`));
  const simulator = new Simulator(context.asAbsolutePath('dist/cli.js'), starterData, output);
  // Run results of the dataset in front: the results view and the gutter/scrollbar heat marks share one fetch.
  const datasetResults = new DatasetResults(() => client);
  const resultsView = new ResultsView(datasetResults);
  const heat = new HeatDecorations(datasetResults, () => readConfig().heatDecorations);
  const resultsCommands = new ResultsCommandsHost(context.workspaceState, current, datasetResults, resultsView);

  const start = async (): Promise<void> => {
    const c = createLanguageClient(context, output, seal.renew());
    client = c;
    c.onDidChangeState((e) => {
      if (e.newState === State.Starting) status.setState('starting');
      else if (e.newState === State.Running) status.setState('ready');
      else status.setState(status.current === 'error' ? 'error' : 'stopped');
    });
    check.attach(c);
    status.setState('starting');
    try {
      await c.start();
      status.setState('ready');
      // The server keeps the baseline in memory only; a restart (a settings change) must not lose it.
      void resultsCommands.restoreBaseline().catch(() => undefined);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      output.appendLine(`passk: the language server failed to start: ${message}`);
      status.setState('error', `The passk language server failed to start: ${message}`);
      throw e;
    }
  };
  const restart = async (): Promise<void> => {
    const old = client;
    client = undefined;
    if (old) await old.dispose().catch(() => undefined);
    await start();
  };

  context.subscriptions.push(
    output,
    status,
    check,
    runs,
    report,
    preview,
    simulator,
    datasetResults,
    resultsView,
    heat,
    ...resultsCommands.register(),
    ...registerCommands({ context, simulator, client: current, restart, runs, report, preview, check, keys, seal, output }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification(WorkspaceTrustNotification.method, { trusted: true });
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server reads passk.* once, from initializationOptions, so a change takes effect through a restart
      // (trace is applied by the language client itself; the simulator port is the client's alone). A running
      // run is never killed for a setting.
      if (!e.affectsConfiguration('passk') || e.affectsConfiguration('passk.trace') || e.affectsConfiguration('passk.simulator')) return;
      if (runs.running) {
        void vscode.window.showInformationMessage(`passk: the new settings apply after ${runs.running} ends; run "passk: Restart Language Server" then.`);
        return;
      }
      void restart().catch(() => undefined);
    }),
  );

  if (!vscode.workspace.isTrusted) {
    output.appendLine('passk: this workspace is not trusted, so runs, live previews and API keys are disabled; checking, completion and previews still work.');
  }
  const ready = start().then(() => performance.now() - t0);
  ready.catch(() => undefined);
  const activationMs = performance.now() - t0;
  output.appendLine(`passk: activated in ${activationMs.toFixed(1)} ms.`);
  void ready.then((ms) => output.appendLine(`passk: language server ready ${ms.toFixed(0)} ms after activation.`));
  return { activationMs, ready, client: current, onRunProgress: runs.onProgress };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop().catch(() => undefined);
}
