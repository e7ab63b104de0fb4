// The passk command table. Every command the manifest contributes is registered here, with the arguments a
// server CodeLens passes ([uri: string, entry: string]) or none (palette, editor title: the active recipe).
// Commands return what they did so the extension tests (and other extensions) can check it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, LivePreviewRequest, ModelEndpointsRequest, type ModelEndpoint } from '../../server/src/protocol/requests';
import { endpointOrigin } from '../../server/src/sampling/secrets';
import type { ApiKeyStore } from './api-keys';
import { openCliTerminal } from './cli-terminal';
import { createExampleWorkspace, simulatorPort } from './example-workspace';
import { gatherKeys } from './key-prompt';
import type { KeySeal } from './key-seal';
import type { PreviewView } from './preview-view';
import type { RecipeCheck } from './recipe-check';
import type { ReportView } from './report-view';
import type { RunController } from './run-controller';
import type { Simulator } from './simulator';
import { errorMessage, isCancellation, request, ServerRequestError } from './server-requests';
import { entriesOf, pickEntry, recipeUri } from './target';

/** Commands that exist only on the client side (the rest are the shared ids in `Commands`). */
export const ClientCommands = {
  restartServer: 'passk.restartServer',
  checkRecipe: 'passk.checkRecipe',
  setApiKey: 'passk.setApiKey',
  cancelRun: 'passk.cancelRun',
  showOutput: 'passk.showOutput',
  createExampleWorkspace: 'passk.createExampleWorkspace',
  startSimulator: 'passk.startSimulator',
  stopSimulator: 'passk.stopSimulator',
  openTerminal: 'passk.openTerminal',
} as const;

export const allCommandIds: string[] = [...Object.values(Commands), ...Object.values(ClientCommands)];

export interface CommandDeps {
  context: vscode.ExtensionContext;
  simulator: Simulator;
  client(): LanguageClient;
  restart(): Promise<void>;
  runs: RunController;
  report: ReportView;
  preview: PreviewView;
  check: RecipeCheck;
  keys: ApiKeyStore;
  seal: KeySeal;
  output: vscode.OutputChannel;
}

/**
 * The workspace's evaluation runs as a multi-select quick pick, newest first; the oldest run picked is the
 * baseline the others are paired with. Undefined when fewer than two are picked.
 */
async function pickRuns(): Promise<string[] | undefined> {
  const manifests = await vscode.workspace.findFiles('**/.passk/eval/*/run.json', '**/node_modules/**', 500);
  const items = (await Promise.all(manifests.map(async (uri) => {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      const dir = vscode.Uri.joinPath(uri, '..');
      const name = dir.path.split('/').pop() ?? dir.fsPath;
      return { label: name, description: vscode.workspace.asRelativePath(dir), runDir: dir.fsPath, mtime: stat.mtime };
    } catch {
      return undefined;
    }
  }))).filter((x): x is NonNullable<typeof x> => x !== undefined).sort((a, b) => b.mtime - a.mtime);
  if (items.length < 2) {
    void vscode.window.showWarningMessage('passk: comparing needs at least two evaluation runs in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: 'Pick two or more runs to compare (the oldest is the baseline)' });
  if (!picked || picked.length < 2) return undefined;
  return [...picked].sort((a, b) => a.mtime - b.mtime).map((p) => p.runDir);
}

function needRecipe(): undefined {
  void vscode.window.showWarningMessage('Open a passk recipe (*.recipe.yaml) first.');
  return undefined;
}

/** Shows a failed request as a message instead of an unhandled rejection in the extension host. */
function reported<A extends unknown[], R>(output: vscode.OutputChannel, fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R | undefined> => {
    try {
      return await fn(...args);
    } catch (e) {
      if (isCancellation(e)) return undefined; // the user pressed Cancel: nothing to report
      output.appendLine(`passk: ${errorMessage(e)}`);
      const show = e instanceof ServerRequestError ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
      void show(`passk: ${errorMessage(e)}`);
      return undefined;
    }
  };
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const r = <A extends unknown[], R>(id: string, fn: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(id, reported(d.output, fn));
  return [
    r(ClientCommands.restartServer, async () => {
      await d.restart();
      return true;
    }),
    r(ClientCommands.showOutput, async () => {
      d.output.show(true);
      return true;
    }),
    r(ClientCommands.createExampleWorkspace, (target?: unknown) => createExampleWorkspace(d.context, target)),
    r(ClientCommands.startSimulator, async (portArg?: unknown) => {
      const port = typeof portArg === 'number' ? portArg : simulatorPort();
      const url = await d.simulator.start(port);
      void vscode.window.showInformationMessage(`passk: the simulator (a dry-run tool, not a model) listens on ${url}. Next: "passk: Run Evaluation".`);
      return url;
    }),
    r(ClientCommands.stopSimulator, async () => {
      const had = await d.simulator.stop();
      if (!had) void vscode.window.showInformationMessage('passk: the simulator is not running.');
      return had;
    }),
    r(ClientCommands.openTerminal, async () => (await openCliTerminal(d.context, d.simulator.url)) !== undefined),
    r(ClientCommands.checkRecipe, async (uriArg?: unknown) => {
      const uri = recipeUri(uriArg);
      return uri ? d.check.check(uri) : needRecipe();
    }),
    r(Commands.runEvaluation, (uri?: unknown, entry?: unknown) => d.runs.start('evaluate', uri, entry)),
    r(Commands.runSynthesis, (uri?: unknown, entry?: unknown) => d.runs.start('synthesize', uri, entry)),
    r(ClientCommands.cancelRun, async () => {
      const had = d.runs.cancel();
      if (!had) void vscode.window.showInformationMessage('passk: no run is in progress.');
      return had;
    }),
    r(Commands.previewProblems, async (uriArg?: unknown, entryArg?: unknown) => {
      const uri = recipeUri(uriArg);
      if (!uri) return needRecipe();
      const entries = await entriesOf(d.client(), uri);
      const evals = entries.entries.filter((e) => e.kind === 'evaluate' || e.kind === 'synthesize');
      const picking = typeof entryArg !== 'string' && evals.length > 1;
      const entry = typeof entryArg === 'string' ? entryArg : picking ? await vscode.window.showQuickPick(evals.map((e) => e.name), { placeHolder: 'Which entry?' }) : evals[0]?.name;
      // Dismissing the pick means "never mind", not "preview whatever comes first".
      if (picking && entry === undefined) return undefined;
      return d.preview.show(d.client(), { uri: uri.toString(), ...(entry ? { entry } : {}) });
    }),
    r(Commands.previewLive, async (uriArg?: unknown, entryArg?: unknown) => {
      // The live preview calls the generator, verifier and solver models: trusted workspaces only, like runs.
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('The live preview calls models, so it is disabled until you trust this workspace.');
        return undefined;
      }
      const uri = recipeUri(uriArg);
      if (!uri) return needRecipe();
      const entries = await entriesOf(d.client(), uri);
      const entry = await pickEntry(entries, 'synthesize', entryArg);
      if (!entry) {
        void vscode.window.showWarningMessage('This recipe has no synthesize entry to preview live.');
        return undefined;
      }
      const apiKeys = await gatherKeys(d.client(), d.keys, { uri: uri.toString(), kind: 'synthesize', entry });
      if (!apiKeys) return undefined;
      const sealedKeys = d.seal.seal(apiKeys, LivePreviewRequest.method);
      return d.preview.showLive(d.client(), { uri: uri.toString(), entry, ...(sealedKeys ? { sealedKeys } : {}) });
    }),
    r(Commands.openReport, async (uriArg?: unknown, entryArg?: unknown, runDir?: unknown) => {
      // A series run's result names no run folder (it has one per checkpoint); its report is found by the entry.
      if (typeof runDir === 'string' && runDir) return d.report.show(d.client(), { runDir });
      const uri = recipeUri(uriArg);
      if (!uri) return needRecipe();
      const entry = typeof entryArg === 'string' ? entryArg : undefined;
      return d.report.show(d.client(), { uri: uri.toString(), ...(entry ? { entry } : {}) });
    }),
    r(Commands.showProblem, async (problemArg?: unknown, uriArg?: unknown, entryArg?: unknown, runDir?: unknown) => {
      const uri = typeof uriArg === 'string' || uriArg instanceof vscode.Uri ? recipeUri(uriArg) : typeof runDir === 'string' ? undefined : recipeUri(undefined);
      if (!uri && typeof runDir !== 'string') return needRecipe();
      const problem = typeof problemArg === 'string' && problemArg ? problemArg : await vscode.window.showInputBox({ prompt: 'Problem id (as in the report)', ignoreFocusOut: true });
      if (!problem) return undefined;
      const entry = typeof entryArg === 'string' ? entryArg : uri ? await pickEntry(await entriesOf(d.client(), uri), 'evaluate', undefined) : undefined;
      return d.report.showProblem(d.client(), { problem, ...(uri ? { uri: uri.toString() } : {}), ...(entry ? { entry } : {}), ...(typeof runDir === 'string' ? { runDir } : {}) });
    }),
    r(Commands.compareRuns, async (runDirsArg?: unknown) => {
      const given = Array.isArray(runDirsArg) ? runDirsArg.filter((x): x is string => typeof x === 'string') : [];
      const runDirs = given.length >= 2 ? given : await pickRuns();
      if (!runDirs) return undefined;
      return d.report.compare(d.client(), { runDirs });
    }),
    r(ClientCommands.setApiKey, async (modelArg?: unknown, keyArg?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('passk stores API keys only in a trusted workspace.');
        return false;
      }
      const endpoint = await endpointToKey(d, modelArg);
      if (!endpoint) return false;
      if (endpoint.origins.length === 0) {
        void vscode.window.showWarningMessage(`passk: model "${endpoint.name}" has no http(s) base URL, so there is no endpoint to bind a key to.`);
        return false;
      }
      const where = endpoint.origins.join(', ');
      const key =
        typeof keyArg === 'string'
          ? keyArg
          : await vscode.window.showInputBox({
              title: `passk: API key for ${where}`,
              prompt: `API key for model "${endpoint.name}" (${endpoint.model}), sent only to ${where} (kept in VS Code's secret storage; empty removes it)`,
              password: true,
              ignoreFocusOut: true,
            });
      if (key === undefined) return false;
      if (key === '') await d.keys.delete(endpoint);
      else await d.keys.set(endpoint, key);
      void vscode.window.showInformationMessage(key === '' ? `passk: removed the API key of "${endpoint.name}" at ${where}.` : `passk: stored the API key of "${endpoint.name}" for ${where}.`);
      return true;
    }),
  ];
}

/**
 * The endpoint a "Set API Key" is for: a model of the active recipe (named by the argument or picked), whose
 * origins and model id the server resolves; without a recipe, a base URL and model id the user types.
 */
async function endpointToKey(d: CommandDeps, modelArg: unknown): Promise<Pick<ModelEndpoint, 'name' | 'model' | 'origins'> | undefined> {
  const uri = recipeUri(undefined);
  if (uri) {
    await vscode.workspace.openTextDocument(uri);
    const { models } = await request(d.client(), ModelEndpointsRequest, { uri: uri.toString() });
    const name =
      typeof modelArg === 'string'
        ? modelArg
        : models.length > 1
          ? await vscode.window.showQuickPick(models.map((m) => ({ label: m.name, description: `${m.model} at ${m.origins.join(', ')}` })), { placeHolder: 'Which model?' }).then((p) => p?.label)
          : models[0]?.name;
    if (name === undefined) return undefined;
    const found = models.find((m) => m.name === name);
    if (found) return found;
    void vscode.window.showWarningMessage(`passk: the recipe has no model named "${name}".`);
    return undefined;
  }
  const url = await vscode.window.showInputBox({ prompt: 'Base URL of the endpoint the key is for (e.g. https://api.openai.com/v1)', ignoreFocusOut: true });
  if (!url) return undefined;
  const origin = endpointOrigin(url);
  if (!origin) {
    void vscode.window.showWarningMessage(`passk: "${url}" is not an http(s) URL.`);
    return undefined;
  }
  const model = await vscode.window.showInputBox({ prompt: `Model id served at ${origin} (as written after "model:" in the recipe)`, ignoreFocusOut: true });
  if (!model) return undefined;
  return { name: typeof modelArg === 'string' ? modelArg : model, model, origins: [origin] };
}
