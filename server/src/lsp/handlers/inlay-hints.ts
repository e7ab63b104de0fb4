// Inlay hints at the end of each problem line of a dataset file: that problem's pass@1, pass@k and maj@k in the
// latest run of a recipe evaluating the file. Off when the client's `inlayHints` setting is false.
import type { InlayHint, Range } from 'vscode-languageserver/node';
import { TextLines } from '../../core/text-lines';
import { datasetInsights } from '../../insights';
import { toPosition, uriToPath } from '../convert';
import type { RunInsights } from './run-insights';

export async function inlayHints(insights: RunInsights, uri: string, range: Range): Promise<InlayHint[]> {
  if (!insights.settings.inlayHints || !insights.isDataset(uri)) return [];
  const document = insights.deps.documents.get(uri);
  const file = uriToPath(uri);
  if (!document || !file) return [];
  const run = await insights.datasetRun(file);
  if (!run) return [];
  const lines = new TextLines(document.getText());
  const { hints } = datasetInsights(run.view.summary, lines.text, { file, stale: !run.view.current });
  return hints
    .filter((h) => h.line >= range.start.line && h.line <= range.end.line)
    .map((h) => ({ position: toPosition(lines, h.offset), label: h.label, tooltip: h.tooltip, paddingLeft: true }));
}
