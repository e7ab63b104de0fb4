// The expression tree the LaTeX parser produces, and its two evaluators: exact (rationals only, so 10/24 and 5/12
// are the same number and 0.3333 is not 1/3) and complex floating point (for radicals, π, i and for probing
// expressions with variables at random points).
import * as Q from './rational';

export type Expr =
  | { t: 'num'; v: Q.Rational; /** decimal places as written, for the gold-precision rule */ places: number; decimal: boolean }
  | { t: 'var'; name: string }
  | { t: 'const'; name: 'pi' | 'e' | 'i' | 'inf' }
  | { t: 'add'; args: Expr[] }
  | { t: 'mul'; args: Expr[] }
  | { t: 'neg'; a: Expr }
  | { t: 'div'; a: Expr; b: Expr }
  | { t: 'pow'; a: Expr; b: Expr }
  | { t: 'fn'; name: string; a: Expr; base?: Expr }
  | { t: 'fact'; a: Expr }
  | { t: 'binom'; a: Expr; b: Expr }
  | { t: 'base'; digits: string; base: string };

export interface Complex {
  re: number;
  im: number;
}

/** Exact value when the expression is a rational number; null when it is irrational, symbolic or too large. */
export function exact(e: Expr): Q.Rational | null {
  switch (e.t) {
    case 'num':
      return e.v;
    case 'neg': {
      const a = exact(e.a);
      return a && Q.neg(a);
    }
    case 'add': {
      let s = Q.ZERO;
      for (const x of e.args) {
        const v = exact(x);
        if (!v) return null;
        s = Q.add(s, v);
      }
      return s;
    }
    case 'mul': {
      let s = Q.ONE;
      for (const x of e.args) {
        const v = exact(x);
        if (!v) return null;
        s = Q.mul(s, v);
      }
      return s;
    }
    case 'div': {
      const a = exact(e.a);
      const b = exact(e.b);
      return a && b ? Q.div(a, b) : null;
    }
    case 'pow': {
      const a = exact(e.a);
      const b = exact(e.b);
      if (!a || !b) return null;
      if (b.d === 1n) return Q.pow(a, b);
      // Perfect roots such as 4^{1/2} or 8^{2/3} stay exact; anything else goes to the float evaluator.
      return rootExact(a, b);
    }
    case 'fn': {
      if (e.name !== 'sqrt' && e.name !== 'abs') return null;
      const a = exact(e.a);
      if (!a) return null;
      if (e.name === 'abs') return a.n < 0n ? Q.neg(a) : a;
      return rootExact(a, { n: 1n, d: 2n });
    }
    case 'fact': {
      const a = exact(e.a);
      if (!a || a.d !== 1n || a.n < 0n || a.n > 3000n) return null;
      let r = 1n;
      for (let i = 2n; i <= a.n; i++) r *= i;
      return { n: r, d: 1n };
    }
    case 'binom': {
      const a = exact(e.a);
      const b = exact(e.b);
      if (!a || !b || a.d !== 1n || b.d !== 1n || a.n < 0n || b.n < 0n || a.n > 2000n) return null;
      if (b.n > a.n) return Q.ZERO;
      let r = 1n;
      // biome-ignore lint/complexity/useMathMinMax: these are bigints, which Math.min does not take.
      const k = b.n < a.n - b.n ? b.n : a.n - b.n;
      for (let i = 0n; i < k; i++) r = (r * (a.n - i)) / (i + 1n);
      return { n: r, d: 1n };
    }
    default:
      return null;
  }
}

function isqrtExact(x: bigint, k: bigint): bigint | null {
  if (x < 0n) return null;
  if (x < 2n) return x;
  if (x.toString(2).length > 2000) return null;
  // Newton's method for the integer k-th root, then a check that it is exact.
  const guess = Math.round(Math.pow(Number(x), 1 / Number(k)));
  let r = Number.isFinite(guess) ? BigInt(guess) : 1n << BigInt(Math.ceil(x.toString(2).length / Number(k)));
  if (r < 1n) r = 1n;
  for (let i = 0; i < 200; i++) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next === r || next === r + 1n || next === r - 1n) {
      for (const c of [next - 1n, next, next + 1n]) if (c >= 0n && c ** k === x) return c;
      return null;
    }
    r = next;
  }
  return null;
}

function rootExact(a: Q.Rational, e: Q.Rational): Q.Rational | null {
  if (e.n <= 0n || e.d > 12n) return null;
  const n = isqrtExact(a.n < 0n && e.d % 2n === 1n ? -a.n : a.n, e.d);
  const d = isqrtExact(a.d, e.d);
  if (n === null || d === null) return null;
  const base = Q.rat(a.n < 0n ? -n : n, d);
  return base && Q.pow(base, { n: e.n, d: 1n });
}

const C = (re: number, im = 0): Complex => ({ re, im });
const cadd = (a: Complex, b: Complex) => C(a.re + b.re, a.im + b.im);
const cmul = (a: Complex, b: Complex) => C(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
function cdiv(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return C((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
function clog(a: Complex): Complex {
  // A negative zero imaginary part must not flip the branch cut: √(−1) is i, not −i.
  return C(Math.log(Math.hypot(a.re, a.im)), Math.atan2(a.im === 0 ? 0 : a.im, a.re));
}
function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return a.im === 0 ? C(m) : C(m * Math.cos(a.im), m * Math.sin(a.im));
}
function cpow(a: Complex, b: Complex): Complex {
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) <= 64) {
    let r = C(1);
    for (let i = 0; i < Math.abs(b.re); i++) r = cmul(r, a);
    return b.re < 0 ? cdiv(C(1), r) : r;
  }
  // Odd roots of negative reals stay real (∛−8 = −2), the convention school answers use.
  if (a.im === 0 && b.im === 0 && a.re < 0) {
    const inv = 1 / b.re;
    if (Math.abs(inv - Math.round(inv)) < 1e-12 && Math.round(inv) % 2 !== 0) return C(-Math.pow(-a.re, b.re));
  }
  if (a.re === 0 && a.im === 0) return b.re > 0 ? C(0) : C(Number.NaN);
  return cexp(cmul(b, clog(a)));
}

function cfn(name: string, a: Complex): Complex {
  const real = a.im === 0;
  switch (name) {
    case 'sqrt':
      return cpow(a, C(0.5));
    case 'abs':
      return C(Math.hypot(a.re, a.im));
    case 'ln':
      return clog(a);
    case 'log':
      return cdiv(clog(a), C(Math.LN10));
    case 'exp':
      return cexp(a);
    default:
      if (!real) return C(Number.NaN);
  }
  const f: Record<string, (x: number) => number> = {
    sin: Math.sin, cos: Math.cos, tan: Math.tan, sec: (x) => 1 / Math.cos(x), csc: (x) => 1 / Math.sin(x),
    cot: (x) => 1 / Math.tan(x), arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan, sinh: Math.sinh,
    cosh: Math.cosh, tanh: Math.tanh, floor: Math.floor, ceil: Math.ceil,
  };
  const g = f[name];
  return g ? C(g(a.re)) : C(Number.NaN);
}

function gamma(x: number): number {
  if (Number.isInteger(x) && x >= 0 && x <= 170) {
    let r = 1;
    for (let i = 2; i <= x; i++) r *= i;
    return r;
  }
  return Number.NaN;
}

/** Complex floating value with variables taken from env (unknown variables are NaN). */
export function approx(e: Expr, env: ReadonlyMap<string, Complex>): Complex {
  switch (e.t) {
    case 'num':
      return C(Q.toNumber(e.v));
    case 'var':
      return env.get(e.name) ?? C(Number.NaN);
    case 'const':
      return e.name === 'pi' ? C(Math.PI) : e.name === 'e' ? C(Math.E) : e.name === 'i' ? C(0, 1) : C(Number.POSITIVE_INFINITY);
    case 'neg': {
      const a = approx(e.a, env);
      return C(-a.re, -a.im);
    }
    case 'add':
      return e.args.reduce((s, x) => cadd(s, approx(x, env)), C(0));
    case 'mul':
      return e.args.reduce((s, x) => cmul(s, approx(x, env)), C(1));
    case 'div':
      return cdiv(approx(e.a, env), approx(e.b, env));
    case 'pow':
      return cpow(approx(e.a, env), approx(e.b, env));
    case 'fn': {
      const a = approx(e.a, env);
      if (e.base) return cdiv(clog(a), clog(approx(e.base, env)));
      return cfn(e.name, a);
    }
    case 'fact': {
      const a = approx(e.a, env);
      return a.im === 0 ? C(gamma(a.re)) : C(Number.NaN);
    }
    case 'binom': {
      const a = approx(e.a, env);
      const b = approx(e.b, env);
      return C(gamma(a.re) / (gamma(b.re) * gamma(a.re - b.re)));
    }
    case 'base':
      return C(Number.NaN);
  }
}

export function variables(e: Expr, acc: Set<string> = new Set()): Set<string> {
  switch (e.t) {
    case 'var':
      acc.add(e.name);
      break;
    case 'add':
    case 'mul':
      e.args.forEach((x) => variables(x, acc));
      break;
    case 'neg':
    case 'fact':
      variables(e.a, acc);
      break;
    case 'div':
    case 'pow':
    case 'binom':
      variables(e.a, acc);
      variables(e.b, acc);
      break;
    case 'fn':
      variables(e.a, acc);
      if (e.base) variables(e.base, acc);
      break;
    default:
      break;
  }
  return acc;
}

export function hasConst(e: Expr, name: string): boolean {
  switch (e.t) {
    case 'const':
      return e.name === name;
    case 'add':
    case 'mul':
      return e.args.some((x) => hasConst(x, name));
    case 'neg':
    case 'fact':
      return hasConst(e.a, name);
    case 'div':
    case 'pow':
    case 'binom':
      return hasConst(e.a, name) || hasConst(e.b, name);
    case 'fn':
      return hasConst(e.a, name) || (e.base ? hasConst(e.base, name) : false);
    default:
      return false;
  }
}

/** A canonical text of the tree, for deciding equality of expressions too large or too odd to evaluate. */
export function exprText(e: Expr): string {
  return JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
