// Inlay hints on each problem line of a dataset file from the latest run of a recipe evaluating it: a short
// pass@1 at the start of the line (or the full figures at its end, by setting), with the change against the
// baseline run when one is chosen. Only the requested range is computed: the editor asks for what is visible,
// and a MATH-sized file has thousands of lines. Off when the client's `inlayHints` setting is false.
import type { InlayHint, Range } from 'vscode-languageserver/node';
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
  const lines = insights.linesOf(document);
  const atStart = insights.settings.hintPlacement === 'start';
  const { hints } = datasetInsights(run.view.summary, lines, { ...insights.insightOptions(file, run), lines: { start: range.start.line, end: range.end.line } });
  return hints.map((h) => ({ position: toPosition(lines, h.offset), label: h.label, tooltip: h.tooltip, ...(atStart ? { paddingRight: true } : { paddingLeft: true }) }));
}
