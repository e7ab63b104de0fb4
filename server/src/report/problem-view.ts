// What the sample browser shows of a problem, as plain data: its question (when the recipe's dataset is at hand),
// gold answer, the histogram of every extracted answer, and its samples with their texts cut to a bound, so one
// chatty model or a run of thousands of samples cannot make a page the webview struggles with. Pure: the
// caller reads the samples (eval/problem-samples.ts) and the question (the recipe's dataset).
import type { SampleRecord } from '../runs/sample-record';

export interface BrowserSample {
  index: number;
  answer: string | null;
  correct: boolean;
  finish: string;
  /** The completion, cut to `maxText` characters. */
  text: string;
  cut: number;
}

export interface BrowserProblem {
  id: string;
  /** The dataset's question, null when only the run folder (and not its recipe) was given. */
  question: string | null;
  gold: string;
  n: number;
  correct: number;
  /** Every distinct extracted answer with its count, most frequent first; `null` is "no answer". */
  histogram: { answer: string | null; count: number; correct: boolean }[];
  samples: BrowserSample[];
  /** Samples not shown (beyond `maxSamples`). */
  more: number;
}

export interface ProblemView {
  entry: string;
  problems: BrowserProblem[];
}

export interface ProblemViewOptions {
  maxSamples?: number;
  maxText?: number;
}

export interface ProblemInput {
  id: string;
  question: string | null;
  gold: string;
  samples: readonly SampleRecord[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function browserProblem(p: ProblemInput, opts: ProblemViewOptions = {}): BrowserProblem {
  const maxSamples = opts.maxSamples ?? 64;
  const maxText = opts.maxText ?? 4000;
  const byIndex = new Map<number, SampleRecord>();
  for (const s of p.samples) byIndex.set(s.index, s); // a repeated index (a resumed run) counts once, the last kept
  const samples = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const counts = new Map<string | null, { count: number; correct: boolean }>();
  for (const s of samples) {
    const key = typeof s.answer === 'string' ? s.answer : null;
    const c = counts.get(key) ?? { count: 0, correct: false };
    c.count++;
    c.correct ||= s.correct === true;
    counts.set(key, c);
  }
  return {
    id: p.id,
    question: p.question,
    gold: p.gold,
    n: samples.length,
    correct: samples.filter((s) => s.correct === true).length,
    histogram: [...counts.entries()].map(([answer, c]) => ({ answer, ...c })).sort((a, b) => b.count - a.count || str(a.answer).localeCompare(str(b.answer))),
    samples: samples.slice(0, maxSamples).map((s) => {
      const text = str(s.text);
      return { index: s.index, answer: typeof s.answer === 'string' ? s.answer : null, correct: s.correct === true, finish: str(s.finish), text: text.slice(0, maxText), cut: Math.max(0, text.length - maxText) };
    }),
    more: Math.max(0, samples.length - maxSamples),
  };
}

/** The browser's problems in the given order, with the questions and gold answers that are known. */
export function problemViewOf(
  entry: string,
  order: readonly string[],
  samples: ReadonlyMap<string, readonly SampleRecord[]>,
  known: { questions?: ReadonlyMap<string, { question: string; gold: string }>; golds?: ReadonlyMap<string, string> },
  opts: ProblemViewOptions = {},
): ProblemView {
  return {
    entry,
    problems: order.filter((id) => samples.has(id)).map((id) => {
      const q = known.questions?.get(id);
      return browserProblem({ id, question: q?.question ?? null, gold: q?.gold ?? known.golds?.get(id) ?? '', samples: samples.get(id)! }, opts);
    }),
  };
}
