// Several runs of one dataset compared problem by problem: the pass@k and maj@k curves of each run over the
// problems they all share, paired differences of every other run against the first (with an interval and a
// p-value) at every k, and each shared problem's pass@1 per run, from which regressions and improvements are
// read. Only problems every run answered are paired: a problem one run never saw says nothing about the
// difference between them (docs/reports.md). Pure: counts in, the `passk compare --json` object out.
import { curveKs } from './curveKs';
import { pairedComparison } from './pairedComparison';
import { normalQuantile } from './bootstrapCI';
import { NORMAL_FROM_PROBLEMS, summarize, type ProblemCounts, type Summary } from './summarize';

export interface CompareInput {
  label: string;
  counts: readonly ProblemCounts[];
}

export interface CompareRun {
  label: string;
  /** Problems with samples in this run (before pairing). */
  problems: number;
  samples: number;
}

export interface ComparePair {
  /** The baseline's label (the first run). */
  a: string;
  b: string;
  metric: 'pass' | 'maj';
  k: number;
  /** b − a over the paired problems: positive when b is better. */
  diff: number | null;
  ci: [number, number] | null;
  p: number | null;
}

export interface CompareProblem {
  problem: string;
  passAt1: (number | null)[];
}

export interface Comparison {
  runs: CompareRun[];
  passAtK: Record<string, (number | null)[]>;
  majAtK: Record<string, (number | null)[]>;
  pairs: ComparePair[];
  perProblem: CompareProblem[];
}

/** The comparison with what the views draw beside the JSON contract: intervals per run and curve. */
export interface ComparisonView extends Comparison {
  /** Problems every run has samples for; all figures above are over these. */
  common: number;
  ci: { passAtK: Record<string, ({ lo: number; hi: number } | null)[]>; majAtK: Record<string, ({ lo: number; hi: number } | null)[]> };
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Labels as given, with a repeated one numbered so pairs can name each run unambiguously. */
function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} (${n})`;
  });
}

/**
 * `opts.ks` picks the k values (given n, the samples per problem): the editor passes a thinner grid for large
 * runs, since it answers on one thread; the CLI compares at every k of the whole curve.
 */
export function compareRuns(inputs: readonly CompareInput[], opts: { seed?: number; ks?: (n: number) => number[] } = {}): ComparisonView {
  const labels = uniqueLabels(inputs.map((r) => r.label));
  const present = inputs.map((r) => new Map(r.counts.filter((c) => c.n > 0).map((c) => [c.problem, c] as const)));
  const first = present[0] ?? new Map<string, ProblemCounts>();
  const common = [...first.keys()].filter((id) => present.every((m) => m.has(id))).sort();
  let n = Number.POSITIVE_INFINITY;
  for (const m of present) for (const id of common) n = Math.min(n, m.get(id)!.n);
  const ks = common.length ? (opts.ks ?? curveKs)(n) : [];
  const summaries: Summary[] = present.map((m) => summarize(common.map((id) => m.get(id)!), ks, { seed: opts.seed ?? 1 }));
  const view: ComparisonView = {
    runs: inputs.map((r, i) => ({ label: labels[i]!, problems: present[i]!.size, samples: r.counts.reduce((s, c) => s + c.n, 0) })),
    passAtK: {},
    majAtK: {},
    pairs: [],
    perProblem: common.map((id, j) => ({ problem: id, passAt1: summaries.map((s) => finite(s.perProblem[j]!.passAtK['1'])) })),
    common: common.length,
    ci: { passAtK: {}, majAtK: {} },
  };
  for (const k of ks) {
    const key = String(k);
    view.passAtK[key] = summaries.map((s) => finite(s.passAtK[key]));
    view.majAtK[key] = summaries.map((s) => finite(s.majAtK[key]));
    view.ci.passAtK[key] = summaries.map((s) => s.ci.passAtK[key] ?? null);
    view.ci.majAtK[key] = summaries.map((s) => s.ci.majAtK[key] ?? null);
  }
  for (let b = 1; b < summaries.length; b++) {
    for (const metric of ['pass', 'maj'] as const) {
      for (const k of ks) view.pairs.push(pair(summaries[0]!, summaries[b]!, labels[0]!, labels[b]!, metric, k, opts.seed ?? 1));
    }
  }
  return view;
}

/** Two-sided tail of the standard normal, from erfc (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function twoSidedNormalP(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return Math.min(1, erfc);
}

/**
 * The paired difference from NORMAL_FROM_PROBLEMS pairs on, where the mean of the differences is close to
 * normal and the resampling would cost iterations × problems for every k and metric: a paired z interval and
 * two-sided p-value on the mean difference with its sample standard error (docs/reports.md).
 */
function pairedNormal(b: readonly number[], a: readonly number[]): { diff: number; lo: number; hi: number; pValue: number } {
  const n = a.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += b[i]! - a[i]!;
  const diff = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (b[i]! - a[i]! - diff) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  if (se === 0) return { diff, lo: diff, hi: diff, pValue: diff === 0 ? 1 : 0 };
  const z = normalQuantile(0.975);
  return { diff, lo: diff - z * se, hi: diff + z * se, pValue: twoSidedNormalP(diff / se) };
}

/**
 * One paired difference: problems where both runs have the figure, b − a; a seeded bootstrap interval and a
 * sign-flip permutation p-value below NORMAL_FROM_PROBLEMS pairs, the paired normal interval and test from there on.
 */
function pair(sa: Summary, sb: Summary, a: string, b: string, metric: 'pass' | 'maj', k: number, seed: number): ComparePair {
  const key = String(k);
  const xs: number[] = [];
  const ys: number[] = [];
  sa.perProblem.forEach((row, j) => {
    const va = finite((metric === 'pass' ? row.passAtK : row.majAtK)[key]);
    const other = sb.perProblem[j]!;
    const vb = finite((metric === 'pass' ? other.passAtK : other.majAtK)[key]);
    if (va !== null && vb !== null) {
      xs.push(va);
      ys.push(vb);
    }
  });
  if (xs.length === 0) return { a, b, metric, k, diff: null, ci: null, p: null };
  const r = xs.length >= NORMAL_FROM_PROBLEMS ? pairedNormal(ys, xs) : pairedComparison(ys, xs, { seed });
  return { a, b, metric, k, diff: r.diff, ci: [r.lo, r.hi], p: r.pValue };
}

/** The JSON contract of `passk compare --json`: exactly these keys, nothing the views add. */
export function comparisonJson(v: ComparisonView): Comparison {
  return { runs: v.runs, passAtK: v.passAtK, majAtK: v.majAtK, pairs: v.pairs, perProblem: v.perProblem };
}
