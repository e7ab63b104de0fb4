// The k values of a whole curve: every k from 1 to n, so the pass@k and maj@k curves show their shape rather
// than a few points a recipe happened to list. maj@k costs a dynamic programme per problem and k, so beyond
// FULL_CURVE_UP_TO samples the grid thins to about that many log-spaced values (always with 1 and n), which
// draws the same curve on the chart's log axis (docs/reports.md).

/** Up to this many samples per problem, a curve has a point at every k. */
export const FULL_CURVE_UP_TO = 128;

export function curveKs(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) return [];
  if (n <= FULL_CURVE_UP_TO) return Array.from({ length: n }, (_, i) => i + 1);
  const ks = new Set<number>();
  for (let i = 0; i < FULL_CURVE_UP_TO; i++) ks.add(Math.round(Math.exp((Math.log(n) * i) / (FULL_CURVE_UP_TO - 1))));
  ks.add(1);
  ks.add(n);
  return [...ks].sort((a, b) => a - b);
}

/** Powers of two up to n, and n itself: the thinnest grid that still draws a curve on a log axis. */
export function powerOfTwoKs(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) return [];
  const ks: number[] = [];
  for (let k = 1; k < n; k *= 2) ks.push(k);
  ks.push(n);
  return ks;
}
