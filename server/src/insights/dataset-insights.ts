// What a run says about each line of its dataset file: an inlay hint at the end of every problem line
// ("pass@1 0.31 · pass@64 0.97 · maj 0.50") and diagnostics for the lines worth a look: problems the model
// never solved, problems it solves only sometimes, and rows whose gold answer could not be extracted (so
// every sample was graded against nothing). Offsets are UTF-16 code units into the dataset text.
import type { Problem, Span } from '../core/problem';
import { TextLines } from '../core/text-lines';
import { provenanceLine } from '../report/provenance';
import type { RunProblemSummary, RunSummary } from '../runs/run-summary';
import { fraction, largestK } from './figure-format';

export interface LineHint {
  /** 0-based line of the problem in the dataset file. */
  line: number;
  /** Offset of the line's end (before its line break), where the hint is shown. */
  offset: number;
  label: string;
  tooltip: string;
}

export interface DatasetInsights {
  hints: LineHint[];
  problems: Problem[];
}

/** The label of one problem line; undefined when the problem has no samples yet. */
export function lineLabel(p: RunProblemSummary): string | undefined {
  if (p.n === 0) return undefined;
  const parts = [`pass@1 ${fraction(p.passAtK['1'] ?? p.correct / p.n)}`];
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

/**
 * Hints and problems for the dataset `text` from `summary`. Rows whose line is unknown (−1, a run summarised
 * without its recipe) or beyond the end of the text (the file changed since the run) are left out rather than
 * pinned to a wrong line. `file` is set on the problems so they can be published into the dataset file.
 */
export function datasetInsights(summary: RunSummary, text: string, opts: { file?: string; hints?: boolean; stale?: boolean } = {}): DatasetInsights {
  const lines = new TextLines(text);
  const hints: LineHint[] = [];
  const problems: Problem[] = [];
  const where = opts.file ? { file: opts.file } : {};
  const entry = summary.entry;
  // Every hint says which run produced it; the figures of a stale run say so (the recipe changed since).
  const about = `\n${opts.stale ? 'Stale: the recipe changed since this run. ' : ''}${provenanceLine(summary)}`;
  for (const p of summary.perProblem) {
    if (p.line < 0 || p.line >= lines.lineCount) continue;
    const span = lineSpan(lines, p.line);
    if (span.end === span.start) continue;
    const label = lineLabel(p);
    if (label && opts.hints !== false) {
      hints.push({ line: p.line, offset: span.end, label: opts.stale ? `${label} (stale)` : label, tooltip: `${p.correct} of ${p.n} samples correct in the run of "${entry}"${p.unanswered ? `; ${p.unanswered} gave no answer` : ''}.${about}` });
    }
    if (p.gold === '') {
      problems.push({ code: 'run/gold-not-extractable', severity: 'error', message: `The gold answer of problem "${p.problem}" could not be extracted, so its samples of "${entry}" cannot be graded; check the dataset's answer field and extract mode.`, span, ...where });
    } else if (p.n > 0 && p.correct === 0) {
      problems.push({ code: 'run/never-solved', severity: 'warning', message: `Problem "${p.problem}" was never solved in ${p.n} samples of "${entry}" (gold ${p.gold}).`, span, ...where });
    } else if (p.n > 0 && p.correct / p.n < 0.5) {
      problems.push({ code: 'run/unstable', severity: 'information', message: `Problem "${p.problem}" is unstable: solved in ${p.correct} of ${p.n} samples of "${entry}" (pass@1 ${fraction(p.correct / p.n)}).`, span, ...where });
    }
  }
  return { hints, problems };
}
