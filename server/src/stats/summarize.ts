// Turns per-problem counts into the dataset figures: the object `passk score --json` prints and `summary.json`
// stores. Every figure comes with an interval over problems so two runs can be compared honestly. This is the
// one code path for figures and intervals: `passk eval`, `report`, `score` and the editor all come through
// here, so the same samples give the same numbers everywhere.
import { bootstrapCI, type BootstrapOptions, type Interval, normalCI } from './bootstrapCI';
import { instability } from './instability';
import { majAtK } from './majAtK';
import { mean, passAtK } from './passAtK';

export interface ProblemCounts {
  problem: string;
  n: number;
  correct: number;
  /** Sizes of the clusters of equivalent answers; needed for maj@k. */
  clusterSizes?: number[];
  /** Index of the cluster equal to the gold answer (or of every such cluster), or null when none is. */
  correctCluster?: number | readonly number[] | null;
  unanswered?: number;
}

export type IntervalMethod = 'bootstrap' | 'normal';

export interface SummarizeOptions extends BootstrapOptions {
  /**
   * 'bootstrap' (seeded), 'normal' (analytic, cheaper) or 'auto' (the default): bootstrap below
   * NORMAL_FROM_PROBLEMS problems and normal from there on, where the mean over problems is close to normal
   * and the bootstrap's cost (iterations × problems × figures) would dominate the summary of big runs.
   */
  interval?: IntervalMethod | 'auto';
}

/** From this many problems on, 'auto' intervals are normal rather than bootstrap. */
export const NORMAL_FROM_PROBLEMS = 1000;

export function intervalMethod(requested: SummarizeOptions['interval'], problems: number): IntervalMethod {
  if (requested === 'bootstrap' || requested === 'normal') return requested;
  return problems >= NORMAL_FROM_PROBLEMS ? 'normal' : 'bootstrap';
}

export interface ProblemSummary {
  problem: string;
  n: number;
  correct: number;
  passAtK: Record<string, number | null>;
  majAtK: Record<string, number | null>;
  unstable: boolean;
}

export interface Summary {
  problems: number;
  samples: number;
  passAtK: Record<string, number | null>;
  majAtK: Record<string, number | null>;
  ci: { level: number; method: IntervalMethod; passAtK: Record<string, Interval | null>; majAtK: Record<string, Interval | null> };
  /** Problems each dataset figure averages over (a k above a problem's n leaves it out). */
  estimable: { passAtK: Record<string, number>; majAtK: Record<string, number> };
  perProblem: ProblemSummary[];
  instability: { unstable: number; passAt1: number; passAtN: number; latent: number; passRatioAtN: number; stableRatio: number | null };
}

/** The k values a summary reports: whole numbers from 1, without repeats, in increasing order. */
function summaryKeys(ks: readonly number[]): number[] {
  return [...new Set(ks.filter((k) => Number.isInteger(k) && k >= 1))].sort((a, b) => a - b);
}

/** One problem's row: pass@k from its counts and maj@k from its answer clusters (null where not estimable). */
export function problemRow(p: ProblemCounts, keys: readonly number[]): ProblemSummary {
  const row: ProblemSummary = { problem: p.problem, n: p.n, correct: p.correct, passAtK: {}, majAtK: {}, unstable: false };
  for (const k of keys) {
    row.passAtK[String(k)] = passAtK(p.n, p.correct, k);
    const mk = p.clusterSizes ? majAtK(p.clusterSizes, p.correctCluster ?? null, p.unanswered ?? 0, k) : Number.NaN;
    row.majAtK[String(k)] = Number.isNaN(mk) ? null : mk;
  }
  return row;
}

/** The dataset figures and their intervals from rows made by problemRow, in the same order as perProblem. */
function aggregate(perProblem: readonly ProblemCounts[], rows: ProblemSummary[], keys: readonly number[], opts: SummarizeOptions): Summary {
  const level = opts.level !== undefined && opts.level > 0 && opts.level < 1 ? opts.level : 0.95;
  const method = intervalMethod(opts.interval, perProblem.length);
  const interval = (values: number[]): Interval | null =>
    values.length === 0 ? null : method === 'normal' ? normalCI(values, level) : bootstrapCI(values, { ...opts, level });
  let samples = 0;
  for (const p of perProblem) samples += p.n;
  const inst = instability(perProblem);
  inst.unstable.forEach((u, i) => (rows[i]!.unstable = u));
  const summary: Summary = {
    problems: perProblem.length,
    samples,
    passAtK: {},
    majAtK: {},
    ci: { level, method, passAtK: {}, majAtK: {} },
    estimable: { passAtK: {}, majAtK: {} },
    perProblem: rows,
    instability: {
      unstable: inst.unstableCount,
      passAt1: inst.passAt1,
      passAtN: inst.passAtN,
      latent: inst.latent,
      passRatioAtN: inst.passRatioAtN,
      stableRatio: inst.stableRatio,
    },
  };
  for (const k of keys) {
    const key = String(k);
    const pv: number[] = [];
    const mv: number[] = [];
    for (const r of rows) {
      const pk = r.passAtK[key];
      if (pk !== null && pk !== undefined) pv.push(pk);
      const mk = r.majAtK[key];
      if (mk !== null && mk !== undefined) mv.push(mk);
    }
    summary.passAtK[key] = pv.length ? mean(pv) : null;
    summary.ci.passAtK[key] = interval(pv);
    summary.estimable.passAtK[key] = pv.length;
    // maj@k needs answer clusters; without them (runs graded only as correct/incorrect) it is reported as
    // null for every k rather than left out, so the JSON shape stays the same.
    summary.majAtK[key] = mv.length ? mean(mv) : null;
    summary.ci.majAtK[key] = interval(mv);
    summary.estimable.majAtK[key] = mv.length;
  }
  return summary;
}

export function summarize(perProblem: readonly ProblemCounts[], ks: readonly number[], opts: SummarizeOptions = {}): Summary {
  const keys = summaryKeys(ks);
  return aggregate(perProblem, perProblem.map((p) => problemRow(p, keys)), keys, opts);
}

/**
 * The same summary, computed with `pause()` awaited between problems, so a caller on an event loop (the CLI
 * on a file of millions of samples) stays responsive to SIGINT/SIGTERM. `pause` decides how often it really
 * yields and may throw to stop; the result is identical to summarize's.
 */
export async function summarizeCooperatively(perProblem: readonly ProblemCounts[], ks: readonly number[], opts: SummarizeOptions, pause: () => Promise<void>): Promise<Summary> {
  const keys = summaryKeys(ks);
  const rows: ProblemSummary[] = [];
  for (const p of perProblem) {
    rows.push(problemRow(p, keys));
    await pause();
  }
  return aggregate(perProblem, rows, keys, opts);
}
