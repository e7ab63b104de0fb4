// CodeLens on a recipe's `evaluate` and `synthesize` entries: run, preview and report actions, and a summary of
// the entry's latest run. The titles come from the insights core; this file only places them.
import type { CodeLens } from 'vscode-languageserver/node';
import { entryLenses, loadSynthRunView, type EvalRunView, type SynthRunView } from '../../insights';
import { toRange } from '../convert';
import type { RunInsights } from './run-insights';
import { estimateTitle } from '../../eval/estimate-text';
import { seriesRuns } from '../../eval/series-runs';
import { seriesData, type SeriesData } from '../../report/series-data';

export async function codeLenses(insights: RunInsights, uri: string, now = Date.now()): Promise<CodeLens[]> {
  if (!insights.isRecipe(uri)) return [];
  const a = await insights.deps.analysisReady(uri);
  if (!a?.doc) return [];
  const doc = a.doc;
  const evaluate = new Map<string, EvalRunView>();
  const series = new Map<string, SeriesData>();
  for (const [name, def] of doc.evaluate) {
    if (def.series) {
      // Dataset digests are cached and a checkpoint's summary is one small file, so this stays cheap per request.
      const s = (await seriesRuns(doc, name)).value;
      if (s?.points.some((p) => p.summary)) series.set(name, seriesData(s));
      continue;
    }
    const view = await insights.evalView(doc, name);
    if (view) evaluate.set(name, view);
  }
  // What the samples still missing would cost; an entry with nothing to request gets no estimate lens.
  const estimates = new Map<string, string>();
  // Estimates finish in the background; the throttled refresh asks the client for lenses again.
  for (const name of doc.evaluate.keys()) {
    const e = insights.cache.estimate(doc, name, () => insights.requestRefresh());
    if (e && e.requests > 0) estimates.set(name, estimateTitle(e));
  }
  const synthesize = new Map<string, SynthRunView & { updated?: string }>();
  for (const name of doc.synthesize.keys()) {
    const view = loadSynthRunView(doc, name);
    if (view) synthesize.set(name, view);
  }
  // The document may have changed while runs were read; lenses are placed on the analysis they were made from.
  return entryLenses({ doc, uri, evaluate, series, estimates, synthesize, now }).map((l) => ({
    range: toRange(a.lines, l.span),
    command: { title: l.title, command: l.command, arguments: l.arguments, ...(l.tooltip ? { tooltip: l.tooltip } : {}) },
  }));
}
