// The unbiased pass@k estimator of Chen et al. (2021) (docs/architecture.md). It is computed as a running product rather
// than as a ratio of binomials, because C(n, k) overflows a double long before n reaches the tens of thousands
// that large sampling runs produce.

/** One problem's sample counts: n samples drawn, c of them correct. */
export interface SampleCount {
  n: number;
  c: number;
}

/**
 * Probability that at least one of k samples drawn without replacement from n (c correct) is correct:
 * 1 − C(n−c, k) / C(n, k). Returns null when k > n, because the estimate is then not defined and reporting
 * 1.0 (as some peers do) would overstate what the run measured.
 */
export function passAtK(n: number, c: number, k: number): number | null {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k)) return null;
  if (n < 0 || k < 1 || k > n) return null;
  const correct = Math.min(Math.max(c, 0), n);
  if (correct === 0) return 0;
  // Every k-subset must contain a correct sample when fewer than k samples are wrong.
  if (n - correct < k) return 1;
  // C(n−c, k) / C(n, k) = Π_{i=n−c+1}^{n} (1 − k / i); each factor lies in (0, 1), so nothing overflows.
  let allWrong = 1;
  for (let i = n - correct + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/**
 * The dataset figure: the mean of per-problem pass@k over the problems where it is estimable. Returns null
 * when no problem has k or more samples. Problems with too few samples are left out rather than counted as
 * solved, and `estimable` says how many problems the mean covers.
 */
export function datasetPassAtK(perProblem: readonly SampleCount[], k: number): number | null {
  return datasetPassAtKDetail(perProblem, k).value;
}

export function datasetPassAtKDetail(
  perProblem: readonly SampleCount[],
  k: number,
): { value: number | null; estimable: number; values: number[] } {
  const values: number[] = [];
  for (const p of perProblem) {
    const v = passAtK(p.n, p.c, k);
    if (v !== null) values.push(v);
  }
  if (values.length === 0) return { value: null, estimable: 0, values };
  return { value: mean(values), estimable: values.length, values };
}

/** Mean with Neumaier-compensated summation, so thousands of equal fractions average to exactly that fraction. */
export function mean(values: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const v of values) {
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return values.length === 0 ? 0 : (s + c) / values.length;
}
