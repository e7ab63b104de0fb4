// The passk command table. Every command the manifest contributes is registered here, with the arguments a
// server CodeLens passes ([uri: string, entry: string]) or none (palette, editor title: the active recipe).
// Commands return what they did so the extension tests (and other extensions) can check it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/protocol/requests';
import type { ApiKeyStore } from './api-keys';
import type { PreviewView } from './preview-view';
import type { RecipeCheck } from './recipe-check';
import type { ReportView } from './report-view';
import type { RunController } from './run-controller';
import { errorMessage, isCancellation, ServerRequestError } from './server-requests';
import { entriesOf, pickEntry, recipeUri } from './target';

/** Commands that exist only on the client side (the rest are the shared ids in `Commands`). */
export const ClientCommands = {
  restartServer: 'passk.restartServer',
  checkRecipe: 'passk.checkRecipe',
  setApiKey: 'passk.setApiKey',
  cancelRun: 'passk.cancelRun',
  showOutput: 'passk.showOutput',
} as const;

export const allCommandIds: string[] = [...Object.values(Commands), ...Object.values(ClientCommands)];

export interface CommandDeps {
  client(): LanguageClient;
  restart(): Promise<void>;
  runs: RunController;
  report: ReportView;
  preview: PreviewView;
  check: RecipeCheck;
  keys: ApiKeyStore;
  output: vscode.OutputChannel;
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
      const apiKeys = await d.keys.keysFor(entries.entries.filter((e) => e.kind === 'models').map((e) => e.name));
      return d.preview.showLive(d.client(), { uri: uri.toString(), entry, apiKeys });
    }),
    r(Commands.openReport, async (uriArg?: unknown, entryArg?: unknown, runDir?: unknown) => {
      if (typeof runDir === 'string') return d.report.show(d.client(), { runDir });
      const uri = recipeUri(uriArg);
      if (!uri) return needRecipe();
      const entry = typeof entryArg === 'string' ? entryArg : undefined;
      return d.report.show(d.client(), { uri: uri.toString(), ...(entry ? { entry } : {}) });
    }),
    r(ClientCommands.setApiKey, async (modelArg?: unknown, keyArg?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('passk stores API keys only in a trusted workspace.');
        return false;
      }
      let model = typeof modelArg === 'string' ? modelArg : undefined;
      if (!model) {
        const uri = recipeUri(undefined);
        const models = uri ? (await entriesOf(d.client(), uri)).entries.filter((e) => e.kind === 'models').map((e) => e.name) : [];
        model = models.length
          ? await pickEntry({ entries: models.map((name) => ({ kind: 'models', name, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })), hasErrors: false }, 'models', undefined)
          : await vscode.window.showInputBox({ prompt: 'Model name (as written under models: in the recipe)' });
      }
      if (!model) return false;
      const key =
        typeof keyArg === 'string'
          ? keyArg
          : await vscode.window.showInputBox({ prompt: `API key for model "${model}" (kept in VS Code's secret storage)`, password: true, ignoreFocusOut: true });
      if (key === undefined) return false;
      if (key === '') await d.keys.delete(model);
      else await d.keys.set(model, key);
      void vscode.window.showInformationMessage(key === '' ? `passk: removed the API key of "${model}".` : `passk: stored the API key of "${model}".`);
      return true;
    }),
  ];
}
