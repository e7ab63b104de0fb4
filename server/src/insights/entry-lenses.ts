// CodeLens titles for a recipe's `evaluate` and `synthesize` entries: actions (run, report, preview) and, when a
// run exists, a one-line summary of it. Titles only: the LSP layer turns spans into ranges and lenses.
import type { Span } from '../problems/problem';
import { Commands, type CommandId } from '../protocol/requests';
import type { RecipeDoc } from '../recipe/model';
import { provenanceLine, STALE_WARNING } from '../report/provenance';
import type { SeriesData } from '../report/series-data';
import type { RunSummary } from '../runs/run-summary';
import type { SynthSummary } from '../synthesis/run-synthesis';
import { ago, halfWidthPoints, largestK, percent } from './figure-format';
import type { EvalRunView, SynthRunView } from './run-views';

export interface EntryLens {
  /** The entry key the lens sits on. */
  span: Span;
  title: string;
  /** '' for a lens that only informs (the client shows it as text). */
  command: CommandId | '';
  arguments: unknown[];
  /** Shown on hover over the lens: the provenance of a summary lens (the title has no room for it). */
  tooltip?: string;
}

/** "pass@1 41.2% ± 2.1 · pass@64 88.0% · maj@64 63.5% · 1319×64 · 2 h ago", plus stale/incomplete marks. */
export function evalSummaryTitle(view: EvalRunView, now: number): string {
  const s: RunSummary = view.summary;
  const parts: string[] = [];
  const one = s.passAtK['1'];
  if (one !== undefined) {
    const pm = halfWidthPoints(s.ci.passAtK['1']);
    parts.push(`pass@1 ${percent(one)}${pm !== undefined ? ` ± ${pm}` : ''}`);
  }
  const top = largestK(s.passAtK);
  if (top !== undefined && top !== 1) parts.push(`pass@${top} ${percent(s.passAtK[String(top)])}`);
  const topMaj = largestK(s.majAtK);
  if (topMaj !== undefined) parts.push(`maj@${topMaj} ${percent(s.majAtK[String(topMaj)])}`);
  parts.push(`${s.problems}×${s.samplesPerProblem}`);
  if (!s.complete) parts.push(`${s.missing} samples missing`);
  parts.push(view.live ? 'in progress' : ago(s.updated, now));
  const title = parts.join(' · ');
  return view.current ? title : `${title} (stale: recipe changed)`;
}

/** The summary lens's tooltip: what produced the figures, and the stale warning when the recipe changed since. */
export function evalSummaryTooltip(view: EvalRunView): string {
  return `${view.current ? '' : `${STALE_WARNING}\n`}${provenanceLine(view.summary)}`;
}

/**
 * "series by SFT problems: pass@1 12.5% → 60.0% · pass@8 40.0% → 95.0% · 3/3 checkpoints run", from the smallest
 * to the largest value that has a run; checkpoints with no run, or a stale or incomplete one, are counted after.
 */
export function seriesSummaryTitle(d: SeriesData): string {
  const ran = d.points.filter((p) => p.problems !== null);
  const first = ran[0];
  const last = ran[ran.length - 1];
  const parts: string[] = [];
  if (first && last) {
    parts.push(`pass@1 ${percent(first.pass1?.passAtK)} → ${percent(last.pass1?.passAtK)}`);
    if (d.n !== null && d.n !== 1) parts.push(`pass@${d.n} ${percent(first.top?.passAtK)} → ${percent(last.top?.passAtK)}`);
  }
  parts.push(`${ran.length}/${d.points.length} checkpoints run`);
  const behind = ran.filter((p) => !p.current || !p.complete).length;
  if (behind) parts.push(`${behind} stale or incomplete`);
  return `series by ${d.label}: ${parts.join(' · ')}`;
}

/** "last synthesis: 12 accepted / 40 candidates (3 failed) · 2 h ago". */
export function synthSummaryTitle(s: SynthSummary, updated: string | undefined, now: number): string {
  const failed = s.failed ? ` (${s.failed} failed)` : '';
  const when = updated ? ` · ${ago(updated, now)}` : '';
  return `last synthesis: ${s.accepted} accepted / ${s.candidates} candidates${failed}${s.completed ? '' : ' · incomplete'}${when}`;
}

export interface EntryLensInput {
  doc: RecipeDoc;
  uri: string;
  evaluate: ReadonlyMap<string, EvalRunView>;
  /** The checkpoints' runs of entries with a `series` (they have no single run of their own). */
  series?: ReadonlyMap<string, SeriesData>;
  /** The estimate line of entries with samples still to request (eval/estimate-text.ts). */
  estimates?: ReadonlyMap<string, string>;
  synthesize: ReadonlyMap<string, SynthRunView & { updated?: string }>;
  now: number;
}

const ESTIMATE_TOOLTIP = 'What ▶ Run would still request (stored samples are not counted): prompt tokens by the cl100k_base tokenizer, the completion-token ceiling (samples × maxTokens), the most it can cost at the model\'s price and the least time its rate limits allow. `passk eval --dry-run --json` prints the same.';

/** Every lens of a recipe, in document order of the entries. */
export function entryLenses(input: EntryLensInput): EntryLens[] {
  const { doc, uri, now } = input;
  const out: EntryLens[] = [];
  for (const def of doc.evaluate.values()) {
    const args = [uri, def.name];
    out.push({ span: def.nameSpan, title: '▶ Run', command: Commands.runEvaluation, arguments: args });
    out.push({ span: def.nameSpan, title: 'Preview', command: Commands.previewProblems, arguments: args });
    out.push({ span: def.nameSpan, title: 'Report', command: Commands.openReport, arguments: args });
    const view = input.evaluate.get(def.name);
    if (view) out.push({ span: def.nameSpan, title: evalSummaryTitle(view, now), command: Commands.openReport, arguments: args, tooltip: evalSummaryTooltip(view) });
    const series = input.series?.get(def.name);
    if (series) out.push({ span: def.nameSpan, title: seriesSummaryTitle(series), command: Commands.openReport, arguments: args });
    const estimate = input.estimates?.get(def.name);
    if (estimate) out.push({ span: def.nameSpan, title: estimate, command: '', arguments: [], tooltip: ESTIMATE_TOOLTIP });
  }
  for (const def of doc.synthesize.values()) {
    const args = [uri, def.name];
    out.push({ span: def.nameSpan, title: '▶ Synthesize', command: Commands.runSynthesis, arguments: args });
    out.push({ span: def.nameSpan, title: 'Preview', command: Commands.previewProblems, arguments: args });
    const view = input.synthesize.get(def.name);
    if (view) out.push({ span: def.nameSpan, title: synthSummaryTitle(view.summary, view.updated, now), command: Commands.previewProblems, arguments: args });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
