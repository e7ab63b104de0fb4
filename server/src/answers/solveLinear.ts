// Linear relations in one variable: "2x > 6" is the same answer as "x > 3" and as (3, ∞), and "2x = 6" says
// x = 3. The relation lhs − rhs is tested for linearity exactly (rational values at several points, checked
// again in floating point at an irrational point) before it is solved, so a curve that happens to pass through
// a few collinear points is never mistaken for a line.
import { approx, exact, type Expr, variables } from './expr';
import * as Q from './rational';

export interface LinearSolution {
  variable: string;
  /** The root of lhs − rhs. */
  root: Q.Rational;
  /** Sign of the slope: a negative slope flips an inequality. */
  slope: 1 | -1;
}

function substitute(e: Expr, name: string, value: Expr): Expr {
  switch (e.t) {
    case 'var':
      return e.name === name ? value : e;
    case 'add':
    case 'mul':
      return { t: e.t, args: e.args.map((x) => substitute(x, name, value)) };
    case 'neg':
    case 'fact':
      return { t: e.t, a: substitute(e.a, name, value) };
    case 'div':
    case 'pow':
    case 'binom':
      return { t: e.t, a: substitute(e.a, name, value), b: substitute(e.b, name, value) };
    case 'fn':
      return { ...e, a: substitute(e.a, name, value), ...(e.base ? { base: substitute(e.base, name, value) } : {}) };
    default:
      return e;
  }
}

const num = (n: bigint, d = 1n): Expr => ({ t: 'num', v: Q.rat(n, d)!, places: 0, decimal: false });

export function solveLinear(lhs: Expr, rhs: Expr): LinearSolution | null {
  const f: Expr = { t: 'add', args: [lhs, { t: 'neg', a: rhs }] };
  const vars = variables(f);
  if (vars.size !== 1) return null;
  const [v] = [...vars] as [string];
  const at = (x: Expr) => exact(substitute(f, v, x));
  const f0 = at(num(0n));
  const f1 = at(num(1n));
  const f3 = at(num(3n));
  const f73 = at(num(7n, 3n));
  if (!f0 || !f1 || !f3 || !f73) return null;
  const a = Q.sub(f1, f0);
  if (a.n === 0n) return null;
  if (!Q.eq(Q.sub(f3, f0), Q.mul(a, { n: 3n, d: 1n }))) return null;
  if (!Q.eq(Q.sub(f73, f0), Q.mul(a, { n: 7n, d: 3n }))) return null;
  const probe = Math.SQRT2 + 0.1;
  const y = approx(f, new Map([[v, { re: probe, im: 0 }]]));
  const expected = Q.toNumber(f0) + Q.toNumber(a) * probe;
  if (!Number.isFinite(y.re) || Math.abs(y.im) > 1e-9 || Math.abs(y.re - expected) > 1e-9 * Math.max(1, Math.abs(expected))) return null;
  return { variable: v, root: Q.div(Q.neg(f0), a)!, slope: a.n > 0n ? 1 : -1 };
}
