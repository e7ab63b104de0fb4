// Starts evaluation and synthesis runs on the server and shows their progress. The server does the work
// (`passk/run`, with LSP work-done progress); this class only gathers the user's stored API keys (bound to the
// entry's endpoints and sealed under the session key, so no trace shows them), relays
// progress into a cancellable notification and the status bar, and cancels the request when asked. One run
// at a time: a second start while one is running says so instead of competing for the same rate limits.
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { RunRequest, type RunParams, type RunResult } from '../../server/src/protocol/requests';
import type { ApiKeyStore } from './api-keys';
import { gatherKeys } from './key-prompt';
import type { KeySeal } from './key-seal';
import { errorMessage, isCancellation, request } from './server-requests';
import type { StatusItem } from './status-item';
import { entriesOf, pickEntry, recipeUri } from './target';

export type RunKind = RunParams['kind'];

interface ActiveRun {
  entry: string;
  cancel: vscode.CancellationTokenSource;
}

let tokenCounter = 0;

export interface RunProgressEvent {
  entry: string;
  message?: string;
  percentage?: number;
}

export class RunController implements vscode.Disposable {
  private active: ActiveRun | undefined;
  private readonly progressEmitter = new vscode.EventEmitter<RunProgressEvent>();
  /** Fires for every progress report of the running run (the status bar and tests listen). */
  readonly onProgress = this.progressEmitter.event;

  constructor(
    private readonly client: () => LanguageClient,
    private readonly keys: ApiKeyStore,
    private readonly seal: KeySeal,
    private readonly status: StatusItem,
    private readonly output: vscode.OutputChannel,
  ) {}

  get running(): string | undefined {
    return this.active?.entry;
  }

  /** Runs an entry; resolves with the server's result, or undefined when nothing ran (untrusted, dismissed, busy, failed). */
  async start(kind: RunKind, uriArg: unknown, entryArg: unknown): Promise<RunResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('passk runs call models, so they are disabled until you trust this workspace.');
      return undefined;
    }
    if (this.active) {
      void vscode.window.showInformationMessage(`passk is already running ${this.active.entry}; cancel it first.`);
      return undefined;
    }
    const uri = recipeUri(uriArg);
    if (!uri) {
      void vscode.window.showWarningMessage('Open a passk recipe (*.recipe.yaml) first.');
      return undefined;
    }
    const client = this.client();
    const entries = await entriesOf(client, uri);
    const entry = await pickEntry(entries, kind, entryArg);
    if (!entry) {
      if (!entries.entries.some((e) => e.kind === kind)) {
        void vscode.window.showWarningMessage(`This recipe has no ${kind === 'evaluate' ? 'evaluate' : 'synthesize'} entry to run.`);
      }
      return undefined;
    }
    if (entries.hasErrors) {
      const go = await vscode.window.showWarningMessage('The recipe has errors; fix them before running.', 'Show Problems');
      if (go) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    // Keys are looked up only now, in a trusted workspace, for the endpoints this entry's models use, and
    // travel only sealed inside the run request. A dismissed key prompt means "do not run".
    const apiKeys = await gatherKeys(client, this.keys, { uri: uri.toString(), kind, entry });
    if (!apiKeys) return undefined;
    const sealedKeys = this.seal.seal(apiKeys, RunRequest.method);
    const cancel = new vscode.CancellationTokenSource();
    this.active = { entry, cancel };
    await vscode.commands.executeCommand('setContext', 'passk.runActive', true);
    const workDoneToken = `passk-run-${process.pid}-${++tokenCounter}`;
    this.output.appendLine(`passk: ${kind} ${entry} started (${uri.fsPath}).`);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `passk: ${entry}`, cancellable: true },
        async (progress, userCancel) => {
          userCancel.onCancellationRequested(() => cancel.cancel());
          let last = 0;
          const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (p) => {
            if (p.kind === 'end') return;
            const pct = typeof p.percentage === 'number' ? Math.max(0, Math.min(100, p.percentage)) : undefined;
            progress.report({ ...(p.message !== undefined ? { message: p.message } : {}), ...(pct !== undefined ? { increment: Math.max(0, pct - last) } : {}) });
            if (pct !== undefined) last = Math.max(last, pct);
            this.status.setRun(`${entry} ${pct !== undefined ? `${Math.round(pct)}%` : p.message ?? ''}`.trim());
            this.progressEmitter.fire({ entry, ...(p.message !== undefined ? { message: p.message } : {}), ...(pct !== undefined ? { percentage: pct } : {}) });
          });
          try {
            const params: RunParams = { uri: uri.toString(), kind, entry, ...(sealedKeys ? { sealedKeys } : {}), workDoneToken };
            const result = await request(client, RunRequest, params, cancel.token);
            this.report(result);
            return result;
          } finally {
            sub.dispose();
          }
        },
      );
    } catch (e) {
      if (isCancellation(e) || cancel.token.isCancellationRequested) {
        this.output.appendLine(`passk: ${entry} cancelled; the samples written so far are kept and a rerun resumes.`);
        void vscode.window.showInformationMessage(`passk: ${entry} cancelled. A rerun resumes where it stopped.`);
      } else {
        this.output.appendLine(`passk: ${entry} failed: ${errorMessage(e)}`);
        void vscode.window.showErrorMessage(`passk: ${entry} failed: ${errorMessage(e)}`);
      }
      return undefined;
    } finally {
      this.active = undefined;
      cancel.dispose();
      this.status.setRun(undefined);
      await vscode.commands.executeCommand('setContext', 'passk.runActive', false);
    }
  }

  /** Cancels the running run, if any; returns whether there was one. */
  cancel(): boolean {
    if (!this.active) return false;
    this.active.cancel.cancel();
    return true;
  }

  private report(result: RunResult): void {
    const figures = Object.entries(result.passAtK)
      .map(([k, v]) => `pass@${k} ${(v * 100).toFixed(1)}%`)
      .join(', ');
    const head = result.completed ? `${result.entry} finished` : `${result.entry} stopped`;
    const text = `passk: ${head} — ${result.samples}/${result.expectedSamples} samples${figures ? `; ${figures}` : ''}.`;
    this.output.appendLine(text + (result.problems.length ? ` ${result.problems.join(' ')}` : ''));
    const show = result.problems.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(result.problems.length ? `${text} ${result.problems[0]}` : text, 'Show Report').then((pick) => {
      if (pick) void vscode.commands.executeCommand('passk.openReport', undefined, result.entry, result.runDir);
    });
  }

  dispose(): void {
    this.active?.cancel.cancel();
    this.progressEmitter.dispose();
  }
}
