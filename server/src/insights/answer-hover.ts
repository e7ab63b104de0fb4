// The hover on a dataset line: how the model answered that problem in the run. A table of the most frequent
// answers with bars and counts (the gold answer marked ✓), the per-problem figures, and two or three short
// sample excerpts so the user sees *how* it went wrong, not just that it did. Everything is bounded: answers
// and excerpts are cut, and text from the model is fenced or escaped so it cannot inject markdown.
import { provenanceLine } from '../report/provenance';
import type { RunProblemSummary, RunSummary } from '../runs/run-summary';
import type { SampleRecord } from '../runs/sample-record';
import { fraction } from './figure-format';

export interface SampleExcerpt {
  index: number;
  correct: boolean;
  answer: string | null;
  text: string;
}

const BAR = 16;
const MAX_ANSWER = 40;
const MAX_EXCERPT = 320;

/** Escapes markdown syntax in a table cell (and its pipes), cut to `max` characters. */
function cell(s: string, max = MAX_ANSWER): string {
  const cut = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return cut.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Inline code for a short value: cut, single line, backticks replaced so the span cannot end early. */
function code(s: string, max = MAX_ANSWER): string {
  const cut = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return `\`${cut.replace(/`/g, "'").replace(/\r?\n/g, ' ')}\``;
}

/** A code fence longer than any run of backticks inside `text`, so the excerpt cannot close it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** The end of a completion (where the answer is), cut to a bounded excerpt. */
export function excerptOf(text: string, max = MAX_EXCERPT): string {
  const t = text.trim();
  return t.length > max ? `…${t.slice(t.length - max + 1)}` : t;
}

/**
 * Keeps, from a stream of one problem's samples, the few that show the spread of answers: the first correct
 * one, then the first sample of each distinct wrong answer (up to `max`), with repeats as a fallback. Bounded
 * memory whatever the number of samples, so an index can hold one picker per problem.
 */
export class ExcerptPicker {
  private correct: SampleExcerpt | undefined;
  private readonly distinct: SampleExcerpt[] = [];
  private readonly fallback: SampleExcerpt[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly max = 3) {}

  /** True once nothing later can change the result. */
  get full(): boolean {
    return this.correct !== undefined && this.distinct.length >= this.max;
  }

  add(r: SampleRecord): void {
    if (r.correct) {
      this.correct ??= { index: r.index, correct: true, answer: r.answer, text: excerptOf(r.text) };
      return;
    }
    const key = r.answer ?? '\u0000none';
    if (!this.seen.has(key) && this.distinct.length < this.max) {
      this.seen.add(key);
      this.distinct.push({ index: r.index, correct: false, answer: r.answer, text: excerptOf(r.text) });
    } else if (this.fallback.length < this.max) {
      this.fallback.push({ index: r.index, correct: false, answer: r.answer, text: excerptOf(r.text) });
    }
  }

  result(max = this.max): SampleExcerpt[] {
    const out = this.correct ? [this.correct, ...this.distinct] : [...this.distinct];
    for (const f of this.fallback) if (out.length < max) out.push(f);
    return out.slice(0, max);
  }
}

/** Picks up to `max` excerpts of `problem` from `samples` in one pass, stopping as soon as the pick is final. */
export function pickExcerpts(samples: Iterable<SampleRecord>, problem: string, max = 3): SampleExcerpt[] {
  const picker = new ExcerptPicker(max);
  for (const r of samples) {
    if (r.problem !== problem) continue;
    picker.add(r);
    if (picker.full) break;
  }
  return picker.result(max);
}

/**
 * The hover markdown for one problem of a run; with `run`, it ends with the run's provenance (and a stale
 * warning first when the recipe changed since the run).
 */
export function answerHoverMarkdown(p: RunProblemSummary, entry: string, excerpts: readonly SampleExcerpt[] = [], run?: { summary: RunSummary; stale: boolean }): string {
  const lines: string[] = [];
  lines.push(`**passk** — problem ${code(p.problem)} in the run of **${cell(entry)}**`, '');
  if (run?.stale) lines.push('**Stale:** the recipe changed since this run; run the evaluation again for current figures.', '');
  const ks = Object.keys(p.passAtK).map(Number).sort((a, b) => a - b);
  const figures = ks.map((k) => `pass@${k} ${fraction(p.passAtK[String(k)])}`);
  const majKs = Object.keys(p.majAtK).map(Number).sort((a, b) => a - b);
  const maj = majKs.filter((k) => p.majAtK[String(k)] !== null).map((k) => `maj@${k} ${fraction(p.majAtK[String(k)])}`);
  lines.push(`${p.correct} of ${p.n} samples correct${p.unanswered ? `, ${p.unanswered} unanswered` : ''} · ${[...figures, ...maj].join(' · ')}`, '');
  lines.push(`Gold answer: ${p.gold === '' ? '*(could not be extracted)*' : `${code(p.gold, 200)} ✓`}`, '');
  if (p.answers.length || p.unanswered) {
    lines.push('| | answer | count | |', '|:-:|:--|--:|:--|');
    const max = Math.max(1, ...p.answers.map((a) => a.count), p.unanswered);
    const bar = (c: number) => '█'.repeat(Math.max(c > 0 ? 1 : 0, Math.round((c / max) * BAR)));
    for (const a of p.answers) lines.push(`| ${a.correct ? '✓' : '✗'} | ${cell(a.answer) || '*(empty)*'} | ${a.count} | ${bar(a.count)} |`);
    const shown = p.answers.reduce((s, a) => s + a.count, 0);
    const other = p.n - shown - p.unanswered;
    if (other > 0) lines.push(`| | *other answers* | ${other} | ${bar(other)} |`);
    if (p.unanswered) lines.push(`| | *no answer* | ${p.unanswered} | ${bar(p.unanswered)} |`);
    lines.push('');
  }
  for (const ex of excerpts) {
    const f = fence(ex.text);
    lines.push(`Sample ${ex.index} ${ex.correct ? '✓' : '✗'} (answer ${ex.answer === null ? 'none' : code(ex.answer)}):`, '', `${f}text`, ex.text, f, '');
  }
  if (run) lines.push(`*${cell(provenanceLine(run.summary), 400)}*`);
  return lines.join('\n').trimEnd();
}
