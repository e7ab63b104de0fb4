// Log-factorials from a growing table. Hypergeometric probabilities are ratios of binomials too large for a
// double (C(1024, 512) is near 1e307), so the maj@k dynamic programme multiplies probabilities formed as
// exp(ln C(a, b) + ln C(c, d) − ln C(a + c, b + d)) instead of raw counts.

let table = new Float64Array(1);
let filled = 1;

/** The table itself, grown to hold n!; hot loops index it directly instead of calling logFactorial. */
export function logFactorialTable(n: number): Float64Array {
  if (n >= filled) {
    if (n >= table.length) {
      const bigger = new Float64Array(Math.max(n + 1, table.length * 2));
      bigger.set(table.subarray(0, filled));
      table = bigger;
    }
    for (let i = filled; i <= n; i++) table[i] = table[i - 1]! + Math.log(i);
    filled = n + 1;
  }
  return table;
}

export function logFactorial(n: number): number {
  if (n < 0) return Number.NaN;
  return logFactorialTable(n)[n]!;
}

export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}
