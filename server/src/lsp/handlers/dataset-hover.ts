// The hover on a problem line of a dataset file: the answer histogram of that problem in the latest run (gold
// marked ✓), its figures and a few sample excerpts. Answers null for any other file or line, so the caller can
// fall back to the recipe hover.
import type { Hover, Position } from 'vscode-languageserver/node';
import { answerHoverMarkdown, loadExcerpts } from '../../insights';
import { toRange, uriToPath } from '../convert';
import type { RunInsights } from './run-insights';

export async function datasetHover(insights: RunInsights, uri: string, position: Position): Promise<Hover | null> {
  if (!insights.isDataset(uri)) return null;
  const document = insights.deps.documents.get(uri);
  const file = uriToPath(uri);
  if (!document || !file) return null;
  const run = await insights.datasetRun(file);
  const row = run?.view.summary.perProblem.find((p) => p.line === position.line);
  if (!run || !row || row.n === 0) return null;
  const lines = insights.linesOf(document);
  if (position.line >= lines.lineCount) return null;
  const start = lines.offsetAt({ line: position.line, character: 0 });
  const excerpts = loadExcerpts(run.view.summary.runDir, row.problem, 3, insights.cache);
  return {
    contents: { kind: 'markdown', value: answerHoverMarkdown(row, run.entry, excerpts, { summary: run.view.summary, stale: !run.view.current }) },
    range: toRange(lines, { start, end: start + lines.lineText(position.line).length }),
  };
}
