// Commands about run results in dataset files: "passk: Compare with…" picks the baseline run (kept per
// workspace and sent again whenever the server restarts), "passk: Filter Results…" narrows the results view,
// and the view's rows reveal a problem's line (and open the sample browser, when that command exists).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CompareWithRequest } from '../../server/src/protocol/requests';
import type { DatasetResults } from './dataset-results';
import { FILTER_LABELS, type ResultsFilter } from './results-rows';
import { REVEAL_COMMAND, type ResultsView } from './results-view';
import { request } from './server-requests';

export const ResultsCommands = {
  compareWith: 'passk.compareWith',
  filterResults: 'passk.filterResults',
  revealProblem: REVEAL_COMMAND,
} as const;

/** The sample browser's command, contributed by another part of the extension when it is present. */
const SHOW_PROBLEM = 'passk.showProblem';
const BASELINE_KEY = 'passk.baselineRun';

interface RunPick extends vscode.QuickPickItem {
  run: string | null;
}

/** A run folder's summary, read for the pick's description only; unreadable summaries are left out. */
async function describe(summary: vscode.Uri): Promise<RunPick | undefined> {
  try {
    const s = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(summary)).toString('utf8')) as { entry?: unknown; updated?: unknown; passAtK?: Record<string, unknown> };
    const folder = vscode.Uri.joinPath(summary, '..');
    const p1 = typeof s.passAtK?.['1'] === 'number' ? ` · pass@1 ${(s.passAtK['1'] as number).toFixed(3)}` : '';
    return { label: folder.path.split('/').pop() ?? folder.fsPath, description: `${typeof s.entry === 'string' ? s.entry : '?'}${p1}`, detail: `${vscode.workspace.asRelativePath(folder)} · ${typeof s.updated === 'string' ? s.updated : ''}`, run: folder.toString() };
  } catch {
    return undefined;
  }
}

export class ResultsCommandsHost {
  constructor(
    private readonly state: vscode.Memento,
    private readonly client: () => LanguageClient,
    private readonly results: DatasetResults,
    private readonly view: ResultsView,
  ) {}

  /** Sends the stored baseline to a (re)started server; a baseline that no longer loads is forgotten. */
  async restoreBaseline(): Promise<void> {
    const run = this.state.get<string>(BASELINE_KEY);
    if (!run) return;
    const r = await request(this.client(), CompareWithRequest, { run }).catch(() => undefined);
    if (!r || r.problems.length) await this.state.update(BASELINE_KEY, undefined);
    this.results.schedule(0);
  }

  async compareWith(runArg?: unknown): Promise<string | null | undefined> {
    let run: string | null | undefined = typeof runArg === 'string' || runArg === null ? runArg : undefined;
    if (run === undefined) {
      const found = await vscode.workspace.findFiles('**/.passk/eval/*/summary.json', '**/node_modules/**', 500);
      const picks = (await Promise.all(found.map(describe))).filter((p): p is RunPick => !!p).sort((a, b) => (b.detail ?? '').localeCompare(a.detail ?? ''));
      const none: RunPick = { label: 'No baseline', description: 'stop comparing', run: null };
      const picked = await vscode.window.showQuickPick([...(this.state.get<string>(BASELINE_KEY) ? [none] : []), ...picks], { placeHolder: picks.length ? 'Compare the dataset lines with which run?' : 'No finished runs found in this workspace.', matchOnDescription: true, matchOnDetail: true });
      if (!picked) return undefined;
      run = picked.run;
    }
    const r = await request(this.client(), CompareWithRequest, { run });
    if (r.problems.length) {
      void vscode.window.showWarningMessage(`passk: ${r.problems.join(' ')}`);
      return undefined;
    }
    await this.state.update(BASELINE_KEY, run ?? undefined);
    this.results.schedule(0);
    return run === null ? null : (r.run ?? null);
  }

  async filterResults(filterArg?: unknown): Promise<ResultsFilter | undefined> {
    const ids = Object.keys(FILTER_LABELS) as ResultsFilter[];
    const filter = ids.includes(filterArg as ResultsFilter)
      ? (filterArg as ResultsFilter)
      : await vscode.window.showQuickPick(ids.map((id) => ({ label: FILTER_LABELS[id], id })), { placeHolder: 'Show which problems?' }).then((p) => p?.id);
    if (filter) this.view.setFilter(filter);
    return filter;
  }

  async revealProblem(uriArg: unknown, lineArg: unknown, problem: unknown): Promise<boolean> {
    if (typeof uriArg !== 'string' || typeof lineArg !== 'number') return false;
    const uri = vscode.Uri.parse(uriArg);
    const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false, preview: true });
    const at = new vscode.Range(lineArg, 0, lineArg, 0);
    editor.selection = new vscode.Selection(at.start, at.start);
    editor.revealRange(at, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if ((await vscode.commands.getCommands(true)).includes(SHOW_PROBLEM)) {
      await vscode.commands.executeCommand(SHOW_PROBLEM, uriArg, problem, lineArg);
    }
    return true;
  }

  register(): vscode.Disposable[] {
    // A failed request becomes a message, never an unhandled rejection in the extension host.
    const shown = <R>(p: Promise<R>): Promise<R | undefined> =>
      p.catch((e: unknown) => {
        void vscode.window.showErrorMessage(`passk: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
    return [
      vscode.commands.registerCommand(ResultsCommands.compareWith, (run?: unknown) => shown(this.compareWith(run))),
      vscode.commands.registerCommand(ResultsCommands.filterResults, (f?: unknown) => shown(this.filterResults(f))),
      vscode.commands.registerCommand(ResultsCommands.revealProblem, (u: unknown, l: unknown, p: unknown) => shown(this.revealProblem(u, l, p))),
    ];
  }
}
