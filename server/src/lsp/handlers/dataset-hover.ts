// The hover on a problem line of a dataset file: the answer histogram of that problem in the latest run (gold
// marked ✓), its figures and a few sample excerpts. Answers null for any other file or line, so the caller can
// fall back to the recipe hover.
import type { Hover, Position } from 'vscode-languageserver/node';
import { answerHoverMarkdown, groupsHoverMarkdown, loadExcerpts } from '../../insights';
import { toRange, uriToPath } from '../convert';
import type { RunInsights } from './run-insights';

/** The hover on an evaluation's `groupBy` in a recipe: the breakdowns of the entry's run, or null. */
async function groupsHover(insights: RunInsights, uri: string, position: Position): Promise<Hover | null> {
  const a = await insights.deps.analysisReady(uri);
  if (!a?.doc) return null;
  const offset = a.lines.offsetAt(position);
  for (const def of a.doc.evaluate.values()) {
    const span = def.groupBySpan;
    if (!span || offset < span.start || offset > span.end) continue;
    const view = await insights.evalView(a.doc, def.name);
    const md = view ? groupsHoverMarkdown(def.name, view.summary, view.current) : undefined;
    return md ? { contents: { kind: 'markdown', value: md }, range: toRange(a.lines, span) } : null;
  }
  return null;
}

export async function datasetHover(insights: RunInsights, uri: string, position: Position): Promise<Hover | null> {
  if (insights.isRecipe(uri)) return groupsHover(insights, uri, position);
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
