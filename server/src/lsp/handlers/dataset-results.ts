// The results view and the baseline: `passk/datasetResults` lists the problems of the run a dataset file shows,
// sorted by pass@1 (lowest first) with their findings, and `passk/compareWith` sets or clears the baseline run
// dataset lines are compared with. Both are thin: the figures come from datasetInsights, the run from the run-view cache.
import * as path from 'node:path';
import { datasetInsights } from '../../insights';
import type { CompareWithResult, DatasetResultRow, DatasetResultsResult } from '../../protocol/requests';
import { provenanceOf } from '../../report/provenance';
import { uriToPath } from '../convert';
import type { RunInsights } from './run-insights';

export async function datasetResults(insights: RunInsights, params: unknown): Promise<DatasetResultsResult> {
  const uri = (params as { uri?: unknown } | null)?.uri;
  if (typeof uri !== 'string' || !insights.isDataset(uri)) return { rows: [] };
  const document = insights.deps.documents.get(uri);
  const file = uriToPath(uri);
  if (!document || !file) return { rows: [] };
  const run = await insights.datasetRun(file);
  if (!run) return { rows: [] };
  const opts = insights.insightOptions(file, run);
  const { hints } = datasetInsights(run.view.summary, insights.linesOf(document), { ...opts, placement: 'end' });
  const byLine = new Map(run.view.summary.perProblem.map((p) => [p.line, p]));
  const rows: DatasetResultRow[] = [];
  for (const h of hints) {
    const p = byLine.get(h.line);
    if (!p) continue;
    rows.push({ problem: p.problem, line: h.line, passAt1: h.passAt1, ...(h.delta !== undefined ? { delta: h.delta } : {}), n: p.n, correct: p.correct, flags: h.flags });
  }
  rows.sort((a, b) => a.passAt1 - b.passAt1 || a.line - b.line);
  return {
    entry: run.entry,
    run: provenanceOf(run.view.summary).run,
    ...(opts.baseline ? { baseline: provenanceOf(opts.baseline.summary).run } : {}),
    rows,
  };
}

/** Sets the baseline from a run folder (path or file URI), or clears it on null; refreshes what shows runs. */
export async function compareWith(insights: RunInsights, params: unknown): Promise<CompareWithResult> {
  const run = (params as { run?: unknown } | null)?.run;
  if (run === null || run === undefined) {
    insights.baseline = undefined;
    await insights.refreshAll();
    return { problems: [] };
  }
  if (typeof run !== 'string') return { problems: ['The baseline must be a run folder.'] };
  const dir = run.startsWith('file:') ? uriToPath(run) : path.resolve(run);
  if (!dir) return { problems: [`${run} is not a local folder.`] };
  // A summary.json picked directly stands for its run folder.
  const folder = path.basename(dir) === 'summary.json' ? path.dirname(dir) : dir;
  const loaded = insights.cache.loadRun(folder);
  const summary = loaded.value?.summary;
  if (!summary || loaded.problems.some((p) => p.severity === 'error')) {
    const why = loaded.problems.map((p) => p.message);
    return { problems: why.length ? why : [`The run ${path.basename(folder)} has no summary yet; pick a finished run.`] };
  }
  insights.baseline = { dir: folder, summary };
  await insights.refreshAll();
  return { run: path.basename(folder), entry: summary.entry, problems: [] };
}
