// Turns per-problem counts into the dataset figures of DESIGN §4–§5: the object `passk score --json` prints and
// `summary.json` stores. Every figure comes with an interval over problems so two runs can be compared honestly.
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

export interface SummarizeOptions extends BootstrapOptions {
  /** 'bootstrap' (default, seeded) or 'normal' (analytic, cheaper). */
  interval?: 'bootstrap' | 'normal';
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
  ci: { level: number; method: 'bootstrap' | 'normal'; passAtK: Record<string, Interval | null>; majAtK: Record<string, Interval | null> };
  /** Problems each dataset figure averages over (a k above a problem's n leaves it out). */
  estimable: { passAtK: Record<string, number>; majAtK: Record<string, number> };
  perProblem: ProblemSummary[];
  instability: { unstable: number; passAt1: number; passAtN: number; latent: number; passRatioAtN: number; stableRatio: number | null };
}

export function summarize(perProblem: readonly ProblemCounts[], ks: readonly number[], opts: SummarizeOptions = {}): Summary {
  const keys = [...new Set(ks.filter((k) => Number.isInteger(k) && k >= 1))].sort((a, b) => a - b);
  const level = opts.level !== undefined && opts.level > 0 && opts.level < 1 ? opts.level : 0.95;
  const method = opts.interval ?? 'bootstrap';
  const interval = (values: number[]): Interval | null =>
    values.length === 0 ? null : method === 'normal' ? normalCI(values, level) : bootstrapCI(values, { ...opts, level });
  const rows: ProblemSummary[] = [];
  const passCols = new Map<number, number[]>(keys.map((k) => [k, []]));
  const majCols = new Map<number, number[]>(keys.map((k) => [k, []]));
  let samples = 0;
  for (const p of perProblem) {
    samples += p.n;
    const row: ProblemSummary = { problem: p.problem, n: p.n, correct: p.correct, passAtK: {}, majAtK: {}, unstable: false };
    for (const k of keys) {
      const pk = passAtK(p.n, p.correct, k);
      row.passAtK[String(k)] = pk;
      if (pk !== null) passCols.get(k)!.push(pk);
      const mk = p.clusterSizes ? majAtK(p.clusterSizes, p.correctCluster ?? null, p.unanswered ?? 0, k) : Number.NaN;
      row.majAtK[String(k)] = Number.isNaN(mk) ? null : mk;
      if (!Number.isNaN(mk)) majCols.get(k)!.push(mk);
    }
    rows.push(row);
  }
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
    const pv = passCols.get(k)!;
    summary.passAtK[key] = pv.length ? mean(pv) : null;
    summary.ci.passAtK[key] = interval(pv);
    summary.estimable.passAtK[key] = pv.length;
    // maj@k needs answer clusters; without them (runs graded only as correct/incorrect) it is reported as
    // null for every k rather than left out, so the JSON shape of DESIGN §5 stays the same.
    const mv = majCols.get(k)!;
    summary.majAtK[key] = mv.length ? mean(mv) : null;
    summary.ci.majAtK[key] = interval(mv);
    summary.estimable.majAtK[key] = mv.length;
  }
  return summary;
}
