// The results view ("passk Results" in the explorer): the problems of the run the active dataset file shows,
// lowest pass@1 first, each with its figures and findings. A filter narrows it to never solved, unstable or
// regressed problems; selecting a row reveals its dataset line and opens the sample browser when the
// `passk.showProblem` command is available.
import * as vscode from 'vscode';
import type { DatasetResultRow } from '../../server/src/protocol/requests';
import { FILTER_LABELS, figureText, filterRows, type ResultsFilter } from './results-rows';
import type { DatasetResults } from './dataset-results';

export const REVEAL_COMMAND = 'passk.revealProblem';

export class ResultsView implements vscode.TreeDataProvider<DatasetResultRow>, vscode.Disposable {
  filter: ResultsFilter = 'all';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<DatasetResultRow>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly results: DatasetResults) {
    this.view = vscode.window.createTreeView('passk.results', { treeDataProvider: this, showCollapseAll: false });
    this.subscription = results.onDidChange(() => this.update());
    this.update();
  }

  setFilter(filter: ResultsFilter): void {
    this.filter = filter;
    this.update();
  }

  private update(): void {
    const r = this.results.result;
    const shown = filterRows(r.rows, this.filter).length;
    this.view.message = r.entry
      ? `Run "${r.entry}" (${r.run})${r.baseline ? ` against ${r.baseline}` : ''} · ${FILTER_LABELS[this.filter]}: ${shown} of ${r.rows.length}`
      : 'Open a dataset file that a recipe has evaluated to list its problems.';
    this.changed.fire();
  }

  getChildren(element?: DatasetResultRow): DatasetResultRow[] {
    return element ? [] : filterRows(this.results.result.rows, this.filter);
  }

  getTreeItem(row: DatasetResultRow): vscode.TreeItem {
    const item = new vscode.TreeItem(`${figureText(row)}  ${row.problem}`, vscode.TreeItemCollapsibleState.None);
    item.description = `${row.correct}/${row.n} · line ${row.line + 1}${row.flags.length ? ` · ${row.flags.join(', ')}` : ''}`;
    item.tooltip = `Problem ${row.problem}: ${row.correct} of ${row.n} samples correct (pass@1 ${figureText(row)}).`;
    const uri = this.results.uri;
    if (uri) item.command = { command: REVEAL_COMMAND, title: 'Reveal problem', arguments: [uri.toString(), row.line, row.problem] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.view.dispose();
  }
}
