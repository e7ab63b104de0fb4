// Exact maj@k (docs/architecture.md): the expected majority-vote accuracy when k of the n samples are drawn uniformly
// without replacement, answers are grouped into clusters of equivalent answers, unanswered samples never vote,
// ties are broken uniformly at random, and a subset with no answered sample counts as incorrect. Peers vote on
// the first k samples only, which is one draw of this random variable, not its expectation.
//
// Method: condition on x, the number of drawn samples from the correct cluster. The correct answer wins with
// probability 1/(t+1) when every other cluster drew at most x and exactly t of them drew x. For each x a
// dynamic programme over the "active" clusters (those big enough to reach x) tracks the number p of samples
// drawn from them and the number t of ties; clusters too small to reach x and unanswered samples are pooled
// into one background group, whose draws are counted by a single binomial. The programme stores
// ways / C(N, p) (a hypergeometric probability, never above one) so that n in the thousands cannot overflow.
import { logChoose, logFactorialTable } from './logFactorial';

/**
 * @param clusterSizes sizes of the answer clusters (answered samples only)
 * @param correctCluster index into clusterSizes of the cluster equal to the gold answer (or the indices of every
 *   such cluster), or null if none is
 * @param unanswered samples without an extracted answer
 * @param k subset size; NaN is returned when k is not in 1..n (the figure is not estimable)
 */
export function majAtK(clusterSizes: readonly number[], correctCluster: number | readonly number[] | null, unanswered: number, k: number): number {
  // Several clusters can each equal the gold answer (a decimal gold matches two different roundings). The
  // winner is exactly one cluster, so the events "cluster c wins" are disjoint and their probabilities add.
  if (Array.isArray(correctCluster)) {
    const distinct = [...new Set(correctCluster as readonly number[])];
    if (distinct.length === 0) return majAtK(clusterSizes, null, unanswered, k);
    let sum = 0;
    for (const c of distinct) sum += majAtK(clusterSizes, c, unanswered, k);
    return Number.isNaN(sum) ? sum : Math.min(1, sum);
  }
  const sizes = clusterSizes.map((s) => (Number.isInteger(s) && s > 0 ? s : 0));
  const u = Number.isInteger(unanswered) && unanswered > 0 ? unanswered : 0;
  const n = sizes.reduce((a, b) => a + b, 0) + u;
  if (!Number.isInteger(k) || k < 1 || k > n) return Number.NaN;
  if (correctCluster === null || typeof correctCluster !== 'number' || correctCluster < 0 || correctCluster >= sizes.length) return 0;
  const sc = sizes[correctCluster]!;
  if (sc === 0) return 0;
  const others = sizes.filter((s, i) => i !== correctCluster && s > 0);
  // Drawing every sample leaves nothing random but the tie-break.
  if (k === n) {
    const max = Math.max(sc, ...others);
    return sc === max ? 1 / (1 + others.filter((s) => s === max).length) : 0;
  }
  const logTotal = logChoose(n, k);
  let result = 0;
  for (let x = 1; x <= Math.min(sc, k); x++) {
    const rest = k - x;
    const active: number[] = [];
    let background = u;
    for (const s of others) {
      if (s >= x) active.push(s);
      else background += s;
    }
    const logCorrect = logChoose(sc, x) - logTotal;
    // When no other cluster can reach x draws (none is that big, or fewer than x draws are left for them), the
    // correct answer wins outright: the term is just P(X = x), with no programme to run. This covers every
    // x > k/2, which is where a strong model's mass sits.
    if (active.length === 0 || x > rest) {
      result += Math.exp(logCorrect + logChoose(n - sc, rest));
      continue;
    }
    result += x === 1 ? winsWithOne(active, background, rest, logCorrect) : winsWithX(active, background, rest, x, logCorrect);
  }
  return Math.min(1, Math.max(0, result));
}

/** Hypergeometric weight C(N, p) C(s, a) / C(N + s, p + a): the rescaling step of the programme. */
function hyper(N: number, s: number, p: number, a: number): number {
  const lf = logFactorialTable(N + s);
  return Math.exp(lf[N]! - lf[p]! - lf[N - p]! + lf[s]! - lf[a]! - lf[s - a]! - lf[N + s]! + lf[p + a]! + lf[N + s - p - a]!);
}

/**
 * x = 1: every active cluster draws zero or one sample, so each draw from an active cluster is a tie and t
 * equals p; the programme needs one dimension only, which keeps many singleton answers cheap.
 */
function winsWithOne(active: readonly number[], background: number, rest: number, logCorrect: number): number {
  let f = new Float64Array(rest + 1);
  let g = new Float64Array(rest + 1);
  f[0] = 1;
  let N = 0;
  let maxP = 0;
  for (const s of active) {
    g.fill(0);
    const top = Math.min(rest, maxP + 1);
    for (let p = 0; p <= maxP; p++) {
      const v = f[p]!;
      if (v === 0) continue;
      g[p] = g[p]! + v * hyper(N, s, p, 0);
      if (p + 1 <= rest) g[p + 1] = g[p + 1]! + v * hyper(N, s, p, 1);
    }
    [f, g] = [g, f];
    N += s;
    maxP = top;
  }
  let sum = 0;
  for (let p = 0; p <= maxP; p++) {
    const v = f[p]!;
    if (v === 0 || rest - p > background) continue;
    sum += (v * Math.exp(logChoose(N, p) + logChoose(background, rest - p) + logCorrect)) / (p + 1);
  }
  return sum;
}

/** x ≥ 2: two dimensions, p drawn from active clusters and t of them tied at exactly x. */
function winsWithX(active: readonly number[], background: number, rest: number, x: number, logCorrect: number): number {
  const T = Math.min(active.length, Math.floor(rest / x));
  const width = T + 1;
  let f = new Float64Array((rest + 1) * width);
  let g = new Float64Array((rest + 1) * width);
  f[0] = 1;
  let N = 0;
  let maxP = 0;
  const weights = new Float64Array(x + 1);
  let processed = 0;
  for (const s of active) {
    const newMax = Math.min(rest, maxP + x);
    // Only rows the programme can reach are cleared and visited, and no more clusters can tie than were seen.
    g.fill(0, 0, (newMax + 1) * width);
    for (let p = 0; p <= maxP; p++) {
      const amax = Math.min(x, s, rest - p);
      for (let a = 0; a <= amax; a++) weights[a] = hyper(N, s, p, a);
      const tmax = Math.min(T, Math.floor(p / x), processed);
      for (let t = 0; t <= tmax; t++) {
        const v = f[p * width + t]!;
        if (v === 0) continue;
        for (let a = 0; a <= amax; a++) {
          const idx = (p + a) * width + (a === x ? t + 1 : t);
          g[idx] = g[idx]! + v * weights[a]!;
        }
      }
    }
    [f, g] = [g, f];
    N += s;
    maxP = newMax;
    processed++;
  }
  let sum = 0;
  for (let p = 0; p <= maxP; p++) {
    if (rest - p > background) continue;
    const scale = Math.exp(logChoose(N, p) + logChoose(background, rest - p) + logCorrect);
    const tmax = Math.min(T, Math.floor(p / x));
    for (let t = 0; t <= tmax; t++) {
      const v = f[p * width + t]!;
      if (v !== 0) sum += (v * scale) / (t + 1);
    }
  }
  return sum;
}
