// Colours each problem line of the dataset in the active editor by its pass@1: a bar in the gutter and a mark
// in the scrollbar (overview ruler), so a 5 000-line file shows at a glance where the hard problems are without
// scrolling. The figures themselves are in the line-start hint and the hover.
import * as vscode from 'vscode';
import type { DatasetResults } from './dataset-results';
import { gutterSvg, HEAT_STEPS, heatStep } from './heat';

export class HeatDecorations implements vscode.Disposable {
  private readonly types = HEAT_STEPS.map((s, i) =>
    vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.parse(gutterSvg(i)),
      gutterIconSize: 'contain',
      overviewRulerColor: s.color,
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    }),
  );
  private readonly subscription: vscode.Disposable;

  constructor(private readonly results: DatasetResults, private readonly enabled: () => boolean) {
    this.subscription = results.onDidChange(() => this.apply());
  }

  apply(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const mine = this.results.uri && editor.document.uri.toString() === this.results.uri.toString();
      // Editors of other files keep whatever they had; only the file the results are about is redrawn.
      if (!mine) continue;
      const ranges: vscode.Range[][] = HEAT_STEPS.map(() => []);
      if (this.enabled()) {
        for (const row of this.results.result.rows) {
          if (row.line < editor.document.lineCount) ranges[heatStep(row.passAt1)]!.push(new vscode.Range(row.line, 0, row.line, 0));
        }
      }
      this.types.forEach((t, i) => editor.setDecorations(t, ranges[i]!));
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const t of this.types) t.dispose();
  }
}
