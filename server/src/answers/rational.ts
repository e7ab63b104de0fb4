// Exact rational arithmetic on BigInt. Decimals and fractions are compared as rationals so that 18.0 = 18 and
// 10/24 = 5/12 exactly, while 0.3333 ≠ 1/3: no floating tolerance ever decides a rational comparison.

export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/**
 * Exact powers stop at this many bits (about 21 000 digits, enough for answers like 2^{2005}); beyond it the
 * floating evaluator takes over, so adversarial towers of powers stay cheap.
 */
export const MAX_BITS = 70_000;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rat(n: bigint, d: bigint = 1n): Rational | null {
  if (d === 0n) return null;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

export function add(a: Rational, b: Rational): Rational {
  return rat(a.n * b.d + b.n * a.d, a.d * b.d)!;
}
export function sub(a: Rational, b: Rational): Rational {
  return rat(a.n * b.d - b.n * a.d, a.d * b.d)!;
}
export function mul(a: Rational, b: Rational): Rational {
  return rat(a.n * b.n, a.d * b.d)!;
}
export function div(a: Rational, b: Rational): Rational | null {
  return rat(a.n * b.d, a.d * b.n);
}
export function neg(a: Rational): Rational {
  return { n: -a.n, d: a.d };
}
export function eq(a: Rational, b: Rational): boolean {
  return a.n === b.n && a.d === b.d;
}
export function cmp(a: Rational, b: Rational): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}
export function isInteger(a: Rational): boolean {
  return a.d === 1n;
}

function bits(x: bigint): number {
  return (x < 0n ? -x : x).toString(16).length * 4;
}

/** Integer powers only, and only while the result stays small; null means "not exactly representable here". */
export function pow(a: Rational, e: Rational): Rational | null {
  if (e.d !== 1n) return null;
  const k = e.n < 0n ? -e.n : e.n;
  if ((bits(a.n) + bits(a.d)) * Number(k > 100000n ? 100000n : k) > MAX_BITS) return null;
  if (k === 0n) return a.n === 0n ? null : ONE;
  const r = rat(a.n ** k, a.d ** k)!;
  return e.n < 0n ? div(ONE, r) : r;
}

export function toNumber(a: Rational): number {
  const x = Number(a.n) / Number(a.d);
  if (Number.isFinite(x)) return x;
  // Both parts overflow a double: scale down by the same power of two first.
  const shift = BigInt(Math.max(bits(a.n), bits(a.d)) - 1000);
  return Number(a.n >> shift) / Number(a.d >> shift);
}

export function toKey(a: Rational): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}

/**
 * Parses "12", "-3.50", ".5", "1.5e-3" exactly; returns null for anything else. The exponent is bounded so a
 * string like 1e999999999 cannot make a huge BigInt.
 */
export function parseDecimal(s: string): Rational | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  if (digits.length > 400) return null;
  let n = BigInt(digits || '0');
  let d = 10n ** BigInt((m[3] ?? '').length);
  const e = m[4] ? Number(m[4]) : 0;
  if (Math.abs(e) > 400) return null;
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  if (m[1] === '-') n = -n;
  return rat(n, d);
}

/** Rounds to `places` decimal places, halves away from zero (how people round a gold answer). */
export function roundTo(a: Rational, places: number): Rational {
  const scale = 10n ** BigInt(places);
  const num = a.n * scale;
  const sign = num < 0n ? -1n : 1n;
  const absN = num < 0n ? -num : num;
  const q = (2n * absN + a.d) / (2n * a.d);
  return rat(sign * q, scale)!;
}
