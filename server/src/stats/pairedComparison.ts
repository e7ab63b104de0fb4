// Paired comparison of two runs on the same problems. Pairing matters: problem difficulty varies far more than
// the difference between two models, so comparing the two unpaired intervals hides real differences.
import { type BootstrapOptions, quantile, withDefaults } from './bootstrapCI';
import { seededRng } from './seededRng';

export interface PairedResult {
  /** mean(a) − mean(b) over the paired problems. */
  diff: number;
  lo: number;
  hi: number;
  /** Two-sided p-value of a sign-flip permutation test of "no difference". */
  pValue: number;
  /** Number of pairs used (the shorter length when the arrays differ). */
  pairs: number;
}

/**
 * The interval is a seeded percentile bootstrap over problems of the mean paired difference; the p-value is a
 * seeded sign-flip permutation test, which assumes nothing about the shape of per-problem differences.
 */
export function pairedComparison(a: readonly number[], b: readonly number[], opts: BootstrapOptions = {}): PairedResult {
  const { seed, iterations, level } = withDefaults(opts);
  const n = Math.min(a.length, b.length);
  if (n === 0) return { diff: Number.NaN, lo: Number.NaN, hi: Number.NaN, pValue: Number.NaN, pairs: 0 };
  const d = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    d[i] = a[i]! - b[i]!;
    sum += d[i]!;
  }
  const diff = sum / n;
  const rng = seededRng(seed);
  const boot = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += d[Math.floor(rng() * n)]!;
    boot[i] = s / n;
  }
  boot.sort();
  let extreme = 0;
  const observed = Math.abs(sum);
  for (let i = 0; i < iterations; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += rng() < 0.5 ? d[j]! : -d[j]!;
    // A small slack keeps floating-point noise from counting an equal statistic as smaller.
    if (Math.abs(s) >= observed - 1e-12) extreme++;
  }
  return {
    diff,
    lo: quantile(boot, (1 - level) / 2),
    hi: quantile(boot, 1 - (1 - level) / 2),
    pValue: (extreme + 1) / (iterations + 1),
    pairs: n,
  };
}
