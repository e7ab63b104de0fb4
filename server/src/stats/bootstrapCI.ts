// Confidence intervals over problems (docs/architecture.md). Problems are the unit of resampling because samples of one
// problem are not independent evidence about the dataset: a run with 1024 samples on 10 problems knows little.
import { mean } from './passAtK';
import { seededRng } from './seededRng';

export interface Interval {
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  seed?: number;
  iterations?: number;
  /** Confidence level in (0, 1), e.g. 0.95. */
  level?: number;
}

export const defaultBootstrap: Required<BootstrapOptions> = { seed: 1, iterations: 2000, level: 0.95 };

/**
 * Percentile bootstrap of the mean, seeded so the same inputs always give the same interval. The values are
 * sorted first: resampling draws indices, so without that the interval would depend on the order problems were
 * read in, and `passk eval`, `report` and `score` (which meet problems in dataset order, summary order and
 * file order) would print different intervals for the same data.
 */
export function bootstrapCI(input: readonly number[], opts: BootstrapOptions = {}): Interval {
  const { seed, iterations, level } = withDefaults(opts);
  const n = input.length;
  if (n === 0) return { lo: Number.NaN, hi: Number.NaN };
  const values = Float64Array.from(input).sort();
  const rng = seededRng(seed);
  const means = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += values[Math.floor(rng() * n)]!;
    means[i] = s / n;
  }
  means.sort();
  return { lo: quantile(means, (1 - level) / 2), hi: quantile(means, 1 - (1 - level) / 2) };
}

/**
 * The analytic alternative: a normal interval on the mean with the sample standard error, clipped to [0, 1]
 * for figures that are fractions. Cheap enough for live editor views where a bootstrap would be wasteful.
 */
export function normalCI(values: readonly number[], level = 0.95): Interval {
  const n = values.length;
  if (n === 0) return { lo: Number.NaN, hi: Number.NaN };
  const m = mean(values);
  if (n === 1) return { lo: m, hi: m };
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  const se = Math.sqrt(ss / (n - 1) / n);
  const z = normalQuantile(1 - (1 - level) / 2);
  return { lo: Math.max(0, m - z * se), hi: Math.min(1, m + z * se) };
}

export function withDefaults(opts: BootstrapOptions): Required<BootstrapOptions> {
  const level = opts.level !== undefined && opts.level > 0 && opts.level < 1 ? opts.level : defaultBootstrap.level;
  const iterations =
    opts.iterations !== undefined && Number.isInteger(opts.iterations) && opts.iterations > 0 ? opts.iterations : defaultBootstrap.iterations;
  return { seed: opts.seed ?? defaultBootstrap.seed, iterations, level };
}

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
