// Set operations between written sets: union, intersection and difference of finite sets are computed, and the
// reals without finitely many points become open intervals, so \{1,2\} \cup \{3\} equals \{1,2,3\} and
// \mathbb{R} \setminus \{0\} equals (-\infty, 0) \cup (0, \infty).
import { approx, exact, type Expr } from './expr';
import { type Answer, INF, NEG_INF, splitTop } from './parseAnswer';
import * as Q from './rational';
import type { Tok } from './tokenize';

export function isFiniteSet(a: Answer): boolean {
  return a.k === 'empty' || (a.k === 'list' && a.bracket === '{');
}

export function setItems(a: Answer): Answer[] {
  return a.k === 'list' ? a.items : [];
}

const REALS = (t: Tok) => t.k === 'cmd' && t.s === 'reals';

/**
 * Set difference and intersection: finite sets are computed (\{1,2\} \setminus \{2\} is \{1\}), and the
 * reals minus finitely many points become the union of open intervals between them. Undefined when the
 * tokens hold no such operation, null when they hold one that cannot be read.
 */
export function setOperation(toks: Tok[], read: (toks: Tok[]) => Answer | null): Answer | null | undefined {
  const minus = splitTop(toks, (t) => t.k === 'cmd' && t.s === 'setminus');
  const cap = splitTop(toks, (t) => t.k === 'cmd' && t.s === 'cap');
  if (minus.length === 2) {
    const b = read(minus[1]!);
    if (!b || !isFiniteSet(b)) return null;
    const a = minus[0]!;
    const reals = (a.length === 1 && REALS(a[0]!)) || (a.length === 4 && a[0]!.k === 'cmd' && a[0]!.s === 'mathbb' && a[2]!.s === 'R');
    if (reals) return complement(setItems(b));
    const set = read(a);
    if (!set || !isFiniteSet(set)) return null;
    return { k: 'list', items: setItems(set).filter((x) => !setItems(b).some((y) => sameElement(x, y))), ordered: false, bracket: '{' };
  }
  if (cap.length === 2) {
    const a = read(cap[0]!);
    const b = read(cap[1]!);
    if (!a || !b || !isFiniteSet(a) || !isFiniteSet(b)) return null;
    return { k: 'list', items: setItems(a).filter((x) => setItems(b).some((y) => sameElement(x, y))), ordered: false, bracket: '{' };
  }
  return undefined;
}

/** Two set elements are the same when both are exact numbers of equal value, or written alike. */
function sameElement(a: Answer, b: Answer): boolean {
  if (a.k === 'expr' && b.k === 'expr') {
    const x = exact(a.e);
    const y = exact(b.e);
    if (x && y) return Q.eq(x, y);
  }
  return JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(b, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** ℝ without finitely many real points: the open intervals between them, in order. */
export function complement(points: Answer[]): Answer | null {
  const values: { e: Expr; v: number }[] = [];
  for (const p of points) {
    if (p.k !== 'expr') return null;
    const v = approx(p.e, new Map());
    if (!Number.isFinite(v.re) || v.im !== 0) return null;
    values.push({ e: p.e, v: v.re });
  }
  values.sort((a, b) => a.v - b.v);
  const ends: Expr[] = [NEG_INF, ...values.map((x) => x.e), INF];
  const parts: Answer[] = [];
  for (let i = 0; i + 1 < ends.length; i++) parts.push({ k: 'interval', lo: ends[i]!, hi: ends[i + 1]!, loClosed: false, hiClosed: false });
  return parts.length === 1 ? parts[0]! : { k: 'union', parts };
}
