// What a run says about each line of its dataset file. Every problem line gets a hint: by default a short
// `0.31│` at the START of the line, because dataset lines (a GSM8K question, a MATH solution) are far wider
// than the editor and a hint at the end would be off-screen; the full figures ("pass@1 0.31 · pass@64 0.97 ·
// maj 0.50") are in its tooltip and the hover. Diagnostics are kept for findings that mean action — a gold
// answer that cannot be extracted, a problem never solved, a regression against a chosen baseline — each at a
// configurable level (finding-levels.ts); unstable problems are hints by default. One summary diagnostic on the
// first line counts each kind. Offsets are UTF-16 code units into the dataset text.
import type { Problem, Span } from '../problems/problem';
import { TextLines } from '../text/text-lines';
import { provenanceLine, provenanceOf } from '../report/provenance';
import type { RunProblemSummary, RunSummary } from '../runs/run-summary';
import { baselinePassAt1, deltaText, passAt1 } from './baseline-deltas';
import { DEFAULT_FINDING_LEVELS, type FindingLevel, type FindingLevels } from './finding-levels';
import { fraction, largestK } from './figure-format';

/** What a line's problem shows: the kinds of finding it has (a line can be both unstable and regressed). */
export type LineFlag = 'gold-not-extractable' | 'never-solved' | 'unstable' | 'regressed';

export interface LineHint {
  /** 0-based line of the problem in the dataset file. */
  line: number;
  /** Where the hint is shown: the line's first non-blank character ('start') or its end before the line break. */
  offset: number;
  label: string;
  tooltip: string;
  /** The problem's pass@1, for colouring the line (gutter, scrollbar). */
  passAt1: number;
  /** Change of pass@1 against the baseline run, when one is chosen and has the problem. */
  delta?: number;
  flags: LineFlag[];
}

export interface BaselineOptions {
  summary: RunSummary;
  /** A drop of pass@1 by at least this much (0..1) is a regression. */
  threshold: number;
}

export interface InsightOptions {
  /** Set on the problems so they can be published into the dataset file. */
  file?: string;
  /** False leaves the hints out (the diagnostics pass needs none). */
  hints?: boolean;
  /** The run's fingerprint differs from the recipe's now. */
  stale?: boolean;
  /** 'start' (default): a short hint before the line's text; 'end': the full figures after it. */
  placement?: 'start' | 'end';
  levels?: FindingLevels;
  baseline?: BaselineOptions;
  /** Only lines in [start, end] get hints and per-line diagnostics (the editor asks for the visible range). */
  lines?: { start: number; end: number };
}

export interface DatasetInsights {
  hints: LineHint[];
  problems: Problem[];
  /** Problems of each kind in the whole run, whatever range was asked for. */
  counts: Record<LineFlag, number>;
}

/** The full label of one problem line; undefined when the problem has no samples yet. */
export function lineLabel(p: RunProblemSummary, delta?: string): string | undefined {
  const p1 = passAt1(p);
  if (p1 === undefined) return undefined;
  const parts = [`pass@1 ${fraction(p1)}${delta ? ` ${delta}` : ''}`];
  const top = largestK(p.passAtK);
  if (top !== undefined && top !== 1) parts.push(`pass@${top} ${fraction(p.passAtK[String(top)])}`);
  const maj = largestK(p.majAtK);
  if (maj !== undefined) parts.push(`maj ${fraction(p.majAtK[String(maj)])}`);
  return parts.join(' · ');
}

/** The line's span without its line break (found from the next line's start, without copying the line). */
function lineSpan(lines: TextLines, line: number): Span {
  const start = lines.offsetAt({ line, character: 0 });
  let end = lines.offsetAt({ line: line + 1, character: 0 });
  while (end > start && (lines.text[end - 1] === '\n' || lines.text[end - 1] === '\r')) end--;
  return { start, end };
}

/** The first non-blank character of the span (JSON array rows are indented), or its end. */
function contentStart(text: string, span: Span): number {
  let i = span.start;
  while (i < span.end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** The kinds of finding of one problem row, in the order they are reported. */
function flagsOf(p: RunProblemSummary, p1: number | undefined, delta: number | undefined, baseline?: BaselineOptions): LineFlag[] {
  const flags: LineFlag[] = [];
  if (p.gold === '') flags.push('gold-not-extractable');
  else if (p.n > 0 && p.correct === 0) flags.push('never-solved');
  else if (p1 !== undefined && p1 < 0.5) flags.push('unstable');
  if (baseline && delta !== undefined && -delta >= baseline.threshold) flags.push('regressed');
  return flags;
}

const FLAG_WORDS: Record<LineFlag, [singular: string, plural: string]> = {
  'gold-not-extractable': ['gold answer not extractable', 'gold answers not extractable'],
  'never-solved': ['never solved', 'never solved'],
  unstable: ['unstable', 'unstable'],
  regressed: ['regressed', 'regressed'],
};

const LEVEL_OF: Record<LineFlag, keyof FindingLevels> = {
  'gold-not-extractable': 'goldNotExtractable',
  'never-solved': 'neverSolved',
  unstable: 'unstable',
  regressed: 'regressed',
};

/**
 * Hints and problems for the dataset `text` from `summary`. Rows whose line is unknown (−1, a run summarised
 * without its recipe) or beyond the end of the text (the file changed since the run) are left out rather than
 * pinned to a wrong line. `source` is the text or its line index.
 */
export function datasetInsights(summary: RunSummary, source: string | TextLines, opts: InsightOptions = {}): DatasetInsights {
  // A caller that keeps the line index of a large file between requests passes it, so a scroll costs no scan.
  const lines = typeof source === 'string' ? new TextLines(source) : source;
  const { text } = lines;
  const hints: LineHint[] = [];
  const problems: Problem[] = [];
  const counts: Record<LineFlag, number> = { 'gold-not-extractable': 0, 'never-solved': 0, unstable: 0, regressed: 0 };
  const where = opts.file ? { file: opts.file } : {};
  const levels = opts.levels ?? DEFAULT_FINDING_LEVELS;
  const atStart = opts.placement !== 'end';
  const { entry } = summary;
  const base = opts.baseline ? baselinePassAt1(opts.baseline.summary) : undefined;
  const first = opts.lines?.start ?? 0;
  const last = opts.lines?.end ?? Number.MAX_SAFE_INTEGER;
  // Every hint says which run produced it; the figures of a stale run say so (the recipe changed since).
  const about = `\n${opts.stale ? 'Stale: the recipe changed since this run. ' : ''}${provenanceLine(summary)}`;
  const baseAbout = opts.baseline ? `\nBaseline: ${provenanceLine(opts.baseline.summary)}` : '';
  for (const p of summary.perProblem) {
    if (p.line < 0 || p.line >= lines.lineCount) continue;
    const p1 = passAt1(p);
    const before = base?.get(p.problem);
    const delta = p1 !== undefined && before !== undefined ? p1 - before : undefined;
    const flags = flagsOf(p, p1, delta, opts.baseline);
    for (const f of flags) counts[f]++;
    // Only the asked-for range pays for line offsets and text; the counts above cover the whole run.
    if (p.line < first || p.line > last) continue;
    const span = lineSpan(lines, p.line);
    if (span.end === span.start) continue;
    const change = delta !== undefined && before !== undefined && p1 !== undefined ? deltaText(p1, before) : undefined;
    // The diagnostics pass over a whole MATH file asks for no hints, and their labels are most of its cost.
    const label = opts.hints !== false ? lineLabel(p, change) : undefined;
    if (label && p1 !== undefined) {
      const words = flags.map((f) => FLAG_WORDS[f][0]).join(', ');
      const short = `${fraction(p1)}${change && change !== '=' ? ` ${change}` : ''}${opts.stale ? ' stale' : ''}│`;
      hints.push({
        line: p.line,
        offset: atStart ? contentStart(text, span) : span.end,
        label: atStart ? short : opts.stale ? `${label} (stale)` : label,
        tooltip: `${label}${words ? ` (${words})` : ''}\n${p.correct} of ${p.n} samples correct in the run of "${entry}"${p.unanswered ? `; ${p.unanswered} gave no answer` : ''}.${about}${before !== undefined ? `${baseAbout} (pass@1 ${fraction(before)})` : ''}`,
        passAt1: p1,
        ...(delta !== undefined ? { delta } : {}),
        flags,
      });
    }
    for (const f of flags) {
      const severity = levels[LEVEL_OF[f]];
      if (severity === 'off') continue;
      problems.push({ code: `run/${f}`, severity, message: findingMessage(f, p, entry, before), span, ...where });
    }
  }
  const total = summaryProblem(summary, lines, counts, levels.summary, opts.baseline);
  if (total && first === 0) problems.unshift({ ...total, ...where });
  return { hints, problems, counts };
}

function findingMessage(f: LineFlag, p: RunProblemSummary, entry: string, before: number | undefined): string {
  switch (f) {
    case 'gold-not-extractable':
      return `The gold answer of problem "${p.problem}" could not be extracted, so its samples of "${entry}" cannot be graded; check the dataset's answer field and extract mode.`;
    case 'never-solved':
      return `Problem "${p.problem}" was never solved in ${p.n} samples of "${entry}" (gold ${p.gold}).`;
    case 'unstable':
      return `Problem "${p.problem}" is unstable: solved in ${p.correct} of ${p.n} samples of "${entry}" (pass@1 ${fraction(p.correct / p.n)}).`;
    case 'regressed':
      return `Problem "${p.problem}" regressed in "${entry}": pass@1 ${fraction(p.correct / p.n)}, ${fraction(before)} in the baseline run.`;
  }
}

/** The one diagnostic on the first line counting each kind of finding, or undefined when it is off. */
function summaryProblem(summary: RunSummary, lines: TextLines, counts: Record<LineFlag, number>, level: FindingLevel, baseline?: BaselineOptions): Problem | undefined {
  if (level === 'off' || lines.lineCount === 0) return undefined;
  const span = lineSpan(lines, 0);
  const shown = (Object.keys(counts) as LineFlag[]).filter((f) => f !== 'regressed' || baseline);
  const parts = shown.map((f) => `${counts[f]} ${FLAG_WORDS[f][counts[f] === 1 ? 0 : 1]}`);
  const p1 = summary.passAtK['1'];
  const overall = typeof p1 === 'number' ? ` (pass@1 ${fraction(p1)})` : '';
  const against = baseline ? ` against the baseline run "${provenanceOf(baseline.summary).run}"` : '';
  return { code: 'run/summary', severity: level, message: `Run of "${summary.entry}"${overall}: ${parts.join(', ')}${against}.`, span: { start: span.start, end: Math.max(span.start, span.end) } };
}
