// summary.json (docs/runs.md): the pass@k / maj@k statistics for one run, plus which run it is and how far it
// got. The LSP reads it for CodeLens, inlay hints on dataset lines and answer-distribution hovers, so each
// per-problem row also carries its dataset line and the most frequent answers.
import type { Interval, ProblemSummary, Summary } from '../stats';
import type { RunManifest } from './run-manifest';

export interface AnswerCount {
  answer: string;
  count: number;
  correct: boolean;
}

export interface RunProblemSummary extends ProblemSummary {
  /** 0-based line of the problem in the dataset file. */
  line: number;
  /** The extracted gold answer ('' when the row has none). */
  gold: string;
  /** The most frequent answers (at most 5), most frequent first. */
  answers: AnswerCount[];
  unanswered: number;
}

export interface ExpectCheck {
  metric: string;
  threshold: number;
  actual: number | null;
  passed: boolean;
}

/** The figures of the problems whose `groupBy` field has one value. */
export interface GroupFigures {
  value: string;
  problems: number;
  samples: number;
  passAtK: Record<string, number | null>;
  majAtK: Record<string, number | null>;
  ci: { passAtK: Record<string, Interval | null>; majAtK: Record<string, Interval | null> };
}

/** One `groupBy` field's breakdown, values in reading order ("Level 2" before "Level 10"). */
export interface GroupTable {
  field: string;
  rows: GroupFigures[];
}

export interface RunSummary extends Omit<Summary, 'perProblem'> {
  /** On disk only: the file kind and format version (summary-file.ts); absent in summaries written before them. */
  kind?: 'eval-summary';
  version?: number;
  entry: string;
  runDir: string;
  fingerprint: string;
  created: string;
  updated: string;
  /** True when every problem has all `samplesPerProblem` samples. */
  complete: boolean;
  samplesPerProblem: number;
  /** Samples still missing (failed requests, cancel); a rerun requests exactly these. */
  missing: number;
  tokens: { prompt: number; completion: number };
  /**
   * Dollars the stored samples cost: their reported token usage at the model's `price` (half with `batch`); absent
   * when the recipe gives no price. Samples copied from another run folder count as if requested here.
   */
  cost?: { spent: number };
  /** One table per `groupBy` field of the entry; absent without `groupBy`. */
  groups?: GroupTable[];
  expect: ExpectCheck[];
  /** The run's configuration: which recipe, model, endpoint, dataset content, prompt, grader produced it. */
  config: Omit<RunManifest, 'kind' | 'version' | 'created' | 'updated' | 'fingerprint' | 'entry' | 'requests'>;
  perProblem: RunProblemSummary[];
}
