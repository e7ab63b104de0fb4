// `passk/report`: the report of an entry's latest run (or of one run folder) as view data for the client's
// report webview, which renders it with the same renderer as `passk report --html`. Reading a report never
// calls a model, so it works in an untrusted workspace too. The whole curves read samples.jsonl, so they are
// drawn only for runs whose samples file is small enough to read on the server's thread (./run-files).
import { summarizeStoredRun, type LoadedRun, type RunSummary } from '../../eval';
import type { ReportParams, ReportResult, ReportViewModel } from '../../protocol/requests';
import { provenanceLine } from '../../report/provenance';
import { reportData } from '../../report/report-data';
import { seriesRuns } from '../../eval/series-runs';
import { seriesData } from '../../report/series-data';
import type { RunInsights } from './run-insights';
import { curveOf } from './run-files';

function viewOf(summary: RunSummary, run: LoadedRun | undefined, runDir: string, stale: boolean): ReportViewModel {
  return { kind: 'report', report: reportData(summary, run ? curveOf(run, runDir) : []), provenance: provenanceLine(summary), stale };
}

export async function report(insights: RunInsights, raw: unknown): Promise<ReportResult> {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as ReportParams;
  if (typeof p.runDir === 'string') {
    const loaded = insights.cache.loadRun(p.runDir);
    const run = loaded.value;
    if (!run) return { title: 'passk report', problems: loaded.problems.map((x) => x.message) };
    const summary = run.summary ?? summarizeStoredRun(run, p.runDir);
    return { title: `passk report — ${summary.entry}`, view: viewOf(summary, run, p.runDir, false), entry: summary.entry, runDir: p.runDir, problems: [] };
  }
  if (typeof p.uri !== 'string') return { title: 'passk report', problems: ['Open a recipe, or name a run folder, to see a report.'] };
  const recipe = insights.recipe(p.uri);
  if (!recipe) return { title: 'passk report', problems: [`The recipe ${p.uri} is neither open nor readable on disk.`] };
  const { doc } = recipe;
  const names = typeof p.entry === 'string' ? [p.entry] : [...doc.evaluate.keys()];
  if (typeof p.entry === 'string' && !doc.evaluate.has(p.entry)) {
    return { title: `passk report — ${p.entry}`, problems: [`The recipe has no evaluation named "${p.entry}".`] };
  }
  for (const entry of names) {
    // An entry with a `series` has a run per checkpoint; its report is the series table and figure.
    if (doc.evaluate.get(entry)?.series) {
      const s = await seriesRuns(doc, entry);
      if (!s.value || !s.value.points.some((pt) => pt.summary)) continue;
      const d = seriesData(s.value);
      const notes = d.points.filter((pt) => pt.problems === null || !pt.current || !pt.complete).map((pt) => `Checkpoint "${pt.model}" has ${pt.problems === null ? 'no run yet' : !pt.current ? 'a run made before the recipe changed' : 'an incomplete run'}; run "${entry}" again to bring it up to date.`);
      return { title: `passk series — ${entry}`, view: { kind: 'series', series: d }, entry, problems: notes };
    }
    const view = await insights.evalView(doc, entry);
    if (!view) continue;
    const stale = view.current ? [] : [`This run of "${entry}" was made before the recipe changed; run it again for current figures.`];
    const partial = view.summary.complete ? [] : [`The run is incomplete: ${view.summary.missing} samples are missing; rerun "${entry}" to complete it.`];
    const run = insights.cache.loadRun(view.summary.runDir).value;
    return { title: `passk report — ${entry}`, view: viewOf(view.summary, run, view.summary.runDir, !view.current), entry, runDir: view.summary.runDir, problems: [...stale, ...partial] };
  }
  const what = names.length === 1 ? `"${names[0]}" has` : names.length ? 'No evaluation of this recipe has' : 'This recipe has no evaluation, so it has';
  return { title: `passk report — ${names[0] ?? doc.name}`, problems: [`${what} no run yet; run it first.`] };
}
