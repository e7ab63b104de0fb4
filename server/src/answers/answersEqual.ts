// Answer equivalence. Decision order, cheapest first: identical text, then the cleaned text,
// then shape (lists, tuples, intervals, equations, matrices, text, choices), then numbers as exact rationals,
// then floating and symbolic checks (random-point probing of expressions with variables). Parsed answers are
// cached, because graders compare the same gold against many samples. Nothing here throws or runs unbounded:
// inputs are length- and token-capped, exact powers are size-capped, and a final guard turns any internal
// failure into "not equal".
import { approx, type Complex, exact, type Expr, exprText, variables } from './expr';
import { type Cleaned, cleanAnswer, MAX_ANSWER_LENGTH, normalizeText } from './cleanAnswer';
import * as Q from './rational';
import { type Answer, isInf, parseAnswer } from './parseAnswer';
import { bareDigits, decimalCommaEqual, numbersEqual } from './numberSpellings';
import { solveLinear } from './solveLinear';

export type CompareMode = 'math' | 'numeric' | 'exact';

export interface Parsed {
  cleaned: Cleaned;
  answer: Answer;
}

const CACHE_LIMIT = 50_000;
const cache = new Map<string, Parsed>();

export function parsed(raw: string): Parsed {
  const hit = cache.get(raw);
  if (hit) return hit;
  const cleaned = cleanAnswer(raw);
  const answer: Answer = cleaned.text.length > MAX_ANSWER_LENGTH ? { k: 'text', s: cleaned.text } : parseAnswer(cleaned.text);
  const p = { cleaned, answer };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, p);
  return p;
}

/** Empties the parse cache (benchmarks measure cold-cache throughput with it). */
export function clearAnswerCache(): void {
  cache.clear();
}

const SIMPLE_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Is `pred` the same answer as `gold`? Asymmetric only in the gold-precision rule for decimals. */
export function answersEqual(gold: string, pred: string, compare: CompareMode | string = 'math'): boolean {
  if (typeof gold !== 'string' || typeof pred !== 'string') return false;
  try {
    if (compare === 'exact') return gold.trim().replace(/\s+/g, ' ') === pred.trim().replace(/\s+/g, ' ');
    const g = gold.trim();
    const p = pred.trim();
    if (g === p && g !== '') return true;
    // Fast path for the common GSM8K case: two plain numbers.
    if (SIMPLE_NUMBER.test(g) && SIMPLE_NUMBER.test(p)) return numbersEqual(g, p);
    const G = parsed(g);
    const P = parsed(p);
    if (G.cleaned.text === '' || P.cleaned.text === '') return false;
    // Units are dropped, but two answers that both name a measurement unit must name the same one.
    if (G.cleaned.unit && P.cleaned.unit && G.cleaned.unit !== P.cleaned.unit) return false;
    if (G.cleaned.text.replace(/\s+/g, '') === P.cleaned.text.replace(/\s+/g, '')) return true;
    if ((G.cleaned.text.includes(',') || P.cleaned.text.includes(',')) && decimalCommaEqual(G, P, (g, p) => answersEqual(g, p, compare))) return true;
    if (compare === 'numeric') {
      if (G.answer.k !== 'expr' || P.answer.k !== 'expr') return false;
      if (variables(G.answer.e).size || variables(P.answer.e).size) return false;
      return topExprEqual(G, P);
    }
    if ((G.cleaned.text.includes('_') || P.cleaned.text.includes('_')) && (bareDigits(G, P) || bareDigits(P, G))) return true;
    if (G.answer.k === 'expr' && P.answer.k === 'expr') return topExprEqual(G, P);
    // A text answer (\text{VW}) may come back bare (vw), which parses as a product: compare as text then.
    if (G.answer.k === 'text' || P.answer.k === 'text') return normalizeText(G.cleaned.text) === normalizeText(P.cleaned.text) || answerEqual(G.answer, P.answer);
    return answerEqual(G.answer, P.answer);
  } catch {
    return false;
  }
}

/** Top-level numbers may carry a percent sign on one side: 25\% equals 0.25 and equals a bare 25. */
function topExprEqual(G: Parsed, P: Parsed): boolean {
  const g = (G.answer as { e: Expr }).e;
  const p = (P.answer as { e: Expr }).e;
  if (exprEqual(g, p)) return true;
  const hundred: Expr = { t: 'num', v: { n: 100n, d: 1n }, places: 0, decimal: false };
  if (G.cleaned.percent && !P.cleaned.percent) return exprEqual({ t: 'div', a: g, b: hundred }, p);
  if (P.cleaned.percent && !G.cleaned.percent) return exprEqual(g, { t: 'div', a: p, b: hundred });
  return false;
}

function decimalLiteral(e: Expr): Extract<Expr, { t: 'num' }> | null {
  if (e.t === 'num') return e.decimal ? e : null;
  if (e.t === 'neg' && e.a.t === 'num') return e.a.decimal ? e.a : null;
  return null;
}

/** Expression equivalence: exact rationals first, then tight floating comparison, then random-point probing. */
export function exprEqual(g: Expr, p: Expr): boolean {
  if (g.t === 'base' || p.t === 'base') return baseEqual(g, p);
  const eg = exact(g);
  const ep = exact(p);
  if (eg && ep) {
    if (Q.eq(eg, ep)) return true;
    const gd = decimalLiteral(g);
    const pd = decimalLiteral(p);
    // A decimal gold is given to some precision: a more precise decimal answer that rounds to it is the same
    // answer. A gold such as 18.0 is an integer written with ".0" and keeps exact comparison.
    if (gd && pd && gd.v.d !== 1n && pd.places > gd.places) return Q.eq(Q.roundTo(ep, gd.places), eg);
    // A decimal printed to machine precision (0.0833333333333333 for 1/12, fourteen places or more) is that
    // fraction; a short rounding such as 0.3333 is still not 1/3.
    if (pd && !gd && pd.places >= 14) return Q.eq(Q.roundTo(eg, pd.places - 1), Q.roundTo(ep, pd.places - 1));
    return false;
  }
  // Infinity is only ever equal to an infinity that was written as one: an overflowing 2^{10^{5}} is not ∞.
  if (isInf(g) || isInf(p)) return isInf(g) && isInf(p) && (g.t === 'neg') === (p.t === 'neg');
  const vars = new Set([...variables(g), ...variables(p)]);
  if (vars.size === 0) {
    const a = approx(g, EMPTY);
    const b = approx(p, EMPTY);
    // Too large to evaluate (1/2004!): equal only when written as the same expression tree.
    if (!finite(a) || !finite(b)) return exprText(g) === exprText(p);
    return close(a, b, 1e-9);
  }
  if (vars.size > 8) return false;
  let valid = 0;
  for (const env of points([...vars].sort())) {
    const a = approx(g, env);
    const b = approx(p, env);
    if (!finite(a) || !finite(b)) continue;
    if (!close(a, b, 1e-8)) return false;
    valid++;
  }
  return valid >= 2;
}

const EMPTY = new Map<string, Complex>();

function finite(c: Complex): boolean {
  return Number.isFinite(c.re) && Number.isFinite(c.im);
}

/** Relative closeness only: an absolute tolerance would call 1e-12 and 0 (or two tiny wrong answers) equal. */
function close(a: Complex, b: Complex, rel: number): boolean {
  if (Number.isNaN(a.re) || Number.isNaN(b.re) || Number.isNaN(a.im) || Number.isNaN(b.im)) return false;
  // Values that overflowed cannot be told apart, so they are never called equal.
  if (!finite(a) || !finite(b)) return false;
  const scale = Math.max(Math.hypot(a.re, a.im), Math.hypot(b.re, b.im));
  if (scale === 0) return true;
  return Math.hypot(a.re - b.re, a.im - b.im) <= rel * scale;
}

/**
 * Deterministic probe points with |value| in [0.5, 2.5) and a random sign, distinct per variable so x and y are
 * never confused; negative points tell |x| from x and \sqrt{x^2} from x.
 */
function points(vars: string[]): Map<string, Complex>[] {
  const out: Map<string, Complex>[] = [];
  let state = 0x2545f491;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let k = 0; k < 8; k++) {
    const env = new Map<string, Complex>();
    for (const v of vars) env.set(v, { re: (next() < 0.5 ? -1 : 1) * (0.5 + 2 * next()), im: 0 });
    out.push(env);
  }
  return out;
}

/** Numerals with a base subscript stay in their base: 1011_2 equals 1011_{2} or a bare 1011, never 11. */
function baseEqual(g: Expr, p: Expr): boolean {
  const digits = (e: Expr) => (e.t === 'base' ? e.digits.toLowerCase() : e.t === 'num' && !e.decimal ? e.v.n.toString() : null);
  const base = (e: Expr) => (e.t === 'base' ? e.base.replace(/[{}\s]/g, '') : null);
  const dg = digits(g);
  const dp = digits(p);
  if (dg === null || dp === null || dg !== dp) return false;
  const bg = base(g);
  const bp = base(p);
  return bg === null || bp === null || bg === bp;
}

const INTERVAL_FROM_PAIR = (a: Answer): Answer | null =>
  a.k === 'list' && a.ordered && a.bracket === '(' && a.items.length === 2 && a.items[0]!.k === 'expr' && a.items[1]!.k === 'expr'
    ? { k: 'interval', lo: a.items[0]!.e, hi: a.items[1]!.e, loClosed: false, hiClosed: false }
    : null;

export function answerEqual(g: Answer, p: Answer): boolean {
  switch (g.k) {
    case 'expr':
      if (p.k === 'expr') return exprEqual(g.e, p.e);
      if (p.k === 'eq') return eqValue(p, g.e);
      if (p.k === 'list' && p.items.length === 1) return answerEqual(g, p.items[0]!);
      if (p.k === 'choice') return g.e.t === 'var' && g.e.name.toUpperCase() === p.letter;
      return false;
    case 'eq':
      if (p.k === 'eq') return equationEqual(g, p);
      if (p.k === 'expr') return eqValue(g, p.e);
      return false;
    case 'list':
      return listEqual(g, p);
    case 'interval':
      if (p.k === 'interval')
        return g.loClosed === p.loClosed && g.hiClosed === p.hiClosed && exprEqual(g.lo, p.lo) && exprEqual(g.hi, p.hi);
      if (p.k === 'union' && p.parts.length === 1) return answerEqual(g, p.parts[0]!);
      if (p.k === 'list') {
        const pair = INTERVAL_FROM_PAIR(p);
        return pair !== null && answerEqual(g, pair);
      }
      return false;
    case 'union': {
      const parts = p.k === 'union' ? p.parts : [p];
      return matchUnordered(g.parts, parts);
    }
    case 'matrix':
      if (p.k === 'matrix')
        return g.rows.length === p.rows.length && g.rows.every((r, i) => r.length === p.rows[i]!.length && r.every((c, j) => exprEqual(c, p.rows[i]![j]!)));
      if (p.k === 'list' && p.items.every((x) => x.k === 'expr')) {
        const flat = g.rows.length === 1 ? g.rows[0]! : g.rows.every((r) => r.length === 1) ? g.rows.map((r) => r[0]!) : null;
        return flat !== null && flat.length === p.items.length && flat.every((c, i) => exprEqual(c, (p.items[i] as { e: Expr }).e));
      }
      return false;
    case 'choice':
      if (p.k === 'choice') return g.letter === p.letter;
      // A bare letter parses as a variable, or as Euler's number for e.
      if (p.k === 'expr') return (p.e.t === 'var' && p.e.name.toUpperCase() === g.letter) || (p.e.t === 'const' && p.e.name === 'e' && g.letter === 'E');
      if (p.k === 'text') return p.s === g.letter.toLowerCase();
      return false;
    case 'text':
      if (p.k === 'text') return g.s === p.s;
      if (p.k === 'choice') return g.s === p.letter.toLowerCase();
      return false;
    case 'empty':
      return p.k === 'empty';
  }
}

/** "x = 3" against "3": the value of a one-variable assignment. */
function eqValue(eq: Extract<Answer, { k: 'eq' }>, value: Expr): boolean {
  // "x = 1/3 ≈ 0.33" states both the exact value and its approximation; either answers.
  if (eq.approx && variables(eq.approx).size === 0 && exprEqual(eq.approx, value)) return true;
  if (eq.lhs.t === 'var' && !variables(eq.rhs).has(eq.lhs.name)) return exprEqual(eq.rhs, value) || exprEqual(value, eq.rhs);
  // "AB = 4", "|AB| = 1", "V_1:V_2 = 11:21" name the quantity they state, and "2 + 3 = 5" computes it: the
  // answer is the right-hand side when it holds no variable.
  if ((isName(eq.lhs) || variables(eq.lhs).size === 0) && variables(eq.rhs).size === 0 && exprEqual(eq.rhs, value)) return true;
  if (eq.rhs.t === 'var' && !variables(eq.lhs).has(eq.rhs.name)) return exprEqual(eq.lhs, value);
  // 2x = 6 against 3: a linear equation in one variable answers with its root.
  const lin = solveLinear(eq.lhs, eq.rhs);
  return lin !== null && exprEqual({ t: 'num', v: lin.root, places: 0, decimal: false }, value);
}

/** A named quantity: a variable, a product of variables (AB), its absolute value, or a ratio of names. */
function isName(e: Expr): boolean {
  if (e.t === 'var') return true;
  if (e.t === 'mul') return e.args.every((x) => x.t === 'var');
  if (e.t === 'fn' && e.name === 'abs') return isName(e.a);
  if (e.t === 'div') return isName(e.a) && isName(e.b);
  return false;
}

/** "AB = 4, CD = 5": every item names a quantity, so the list is ordered like the bare values that answer it. */
function namedValues(a: Answer): boolean {
  if (a.k !== 'list' || a.items.length < 2 || !a.items.every((x) => x.k === 'eq' && isName(x.lhs))) return false;
  // "x = 2, x = 1" lists alternatives for one unknown, which stay order-free.
  const names = a.items.map((x) => exprText((x as { lhs: Expr }).lhs));
  return new Set(names).size === names.length;
}

/** Elements of a set written twice count once: \{1, 2, 1\} is \{1, 2\}. */
function distinct(items: readonly Answer[]): Answer[] {
  const out: Answer[] = [];
  for (const x of items) if (!out.some((y) => answerEqual(y, x))) out.push(x);
  return out;
}

/** Two equations are equivalent when lhs − rhs of one is a constant non-zero multiple of the other's. */
function equationEqual(a: Extract<Answer, { k: 'eq' }>, b: Extract<Answer, { k: 'eq' }>): boolean {
  if (a.lhs.t === 'var' && b.lhs.t === 'var' && a.lhs.name === b.lhs.name && !variables(a.rhs).has(a.lhs.name) && !variables(b.rhs).has(b.lhs.name))
    return exprEqual(a.rhs, b.rhs);
  const f: Expr = { t: 'add', args: [a.lhs, { t: 'neg', a: a.rhs }] };
  const g: Expr = { t: 'add', args: [b.lhs, { t: 'neg', a: b.rhs }] };
  const vars = [...new Set([...variables(f), ...variables(g)])].sort();
  if (vars.length === 0 || vars.length > 8) return false;
  let ratio: Complex | null = null;
  let valid = 0;
  for (const env of points(vars)) {
    const x = approx(f, env);
    const y = approx(g, env);
    if (!finite(x) || !finite(y) || (y.re === 0 && y.im === 0)) continue;
    const d = y.re * y.re + y.im * y.im;
    const r = { re: (x.re * y.re + x.im * y.im) / d, im: (x.im * y.re - x.re * y.im) / d };
    if (Math.hypot(r.re, r.im) < 1e-12) return false;
    if (ratio && !close(ratio, r, 1e-8)) return false;
    ratio = r;
    valid++;
  }
  return valid >= 2;
}

function listEqual(g: Extract<Answer, { k: 'list' }>, p: Answer): boolean {
  // A column or row vector against the same tuple: the matrix branch decides, whichever side is the gold.
  if (p.k === 'matrix') return answerEqual(p, g);
  if (p.k === 'list' && (g.bracket === '{' || p.bracket === '{') && (g.items.length > 1 || p.items.length > 1)) {
    const a = distinct(g.items);
    const b = distinct(p.items);
    if (a.length !== g.items.length || b.length !== p.items.length) return matchUnordered(a, b);
  }
  if (p.k !== 'list') {
    if (g.items.length === 1) return answerEqual(g.items[0]!, p);
    const pair = INTERVAL_FROM_PAIR(g);
    return pair !== null && p.k === 'interval' && answerEqual(pair, p);
  }
  // An answer repeated in a list adds nothing when the gold lists each answer once.
  if (!g.ordered && !p.ordered && p.items.length > g.items.length && distinct(g.items).length === g.items.length) {
    const unique = distinct(p.items);
    if (unique.length !== p.items.length) return listEqual(g, { ...p, items: unique });
  }
  if (g.items.length !== p.items.length) return false;
  // Tuples and points are ordered, and so is a bare list compared with a tuple; sets and bare lists are not.
  // Named values keep their order against bare values; against other named values the names pair them up.
  if (g.ordered || p.ordered || namedValues(g) !== namedValues(p)) return g.items.every((x, i) => answerEqual(x, p.items[i]!));
  return matchUnordered(g.items, p.items);
}

function matchUnordered(gs: readonly Answer[], ps: readonly Answer[]): boolean {
  if (gs.length !== ps.length || gs.length > 64) return false;
  const used = new Array<boolean>(ps.length).fill(false);
  for (const x of gs) {
    const j = ps.findIndex((y, i) => !used[i] && answerEqual(x, y));
    if (j === -1) return false;
    used[j] = true;
  }
  return true;
}

export { normalizeText };
