// Log-factorials from a growing table. Hypergeometric probabilities are ratios of binomials too large for a
// double (C(1024, 512) is near 1e307), so the maj@k dynamic programme multiplies probabilities formed as
// exp(ln C(a, b) + ln C(c, d) − ln C(a + c, b + d)) instead of raw counts.

const table: number[] = [0];

export function logFactorial(n: number): number {
  if (n < 0) return Number.NaN;
  for (let i = table.length; i <= n; i++) table.push(table[i - 1]! + Math.log(i));
  return table[n]!;
}

export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}
