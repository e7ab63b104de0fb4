// Reads the shape of an answer: a single expression, a list or set of answers, a tuple or point, an interval or
// a union of intervals, an inequality (read as the interval it describes), an equation, a matrix, a
// multiple-choice letter, or plain text. Shape decides how two answers are compared (order-free or ordered).
import { exact, type Expr } from './expr';
import { complement, isFiniteSet, setItems, setOperation } from './setOperations';
import { normalizeText } from './cleanAnswer';
import { parseExpr } from './parseExpr';
import { solveLinear } from './solveLinear';
import { tokenize, type Tok } from './tokenize';

export type Answer =
  | { k: 'expr'; e: Expr }
  | { k: 'list'; items: Answer[]; ordered: boolean; bracket: 'none' | '(' | '[' | '{' }
  | { k: 'interval'; lo: Expr; hi: Expr; loClosed: boolean; hiClosed: boolean }
  | { k: 'union'; parts: Answer[] }
  | { k: 'eq'; lhs: Expr; rhs: Expr; /** the value after ≈, when the answer also gives one */ approx?: Expr }
  | { k: 'matrix'; rows: Expr[][] }
  | { k: 'choice'; letter: string }
  | { k: 'text'; s: string }
  | { k: 'empty' };

export const INF: Expr = { t: 'const', name: 'inf' };
export const NEG_INF: Expr = { t: 'neg', a: INF };
const RELATIONS = new Set(['<', '>', '<=', '>=', '=', '!=', '≈']);
const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}', '\\{': '\\}' };

export function parseAnswer(text: string): Answer {
  const choice = /^(?:\\(?:text|textbf|mathrm|mbox)\{\s*)?(?:\(([A-Ea-e])\)|([A-E])\)?|option\s+([A-E]))(?:\s*\})?$/i.exec(text);
  if (choice && !/^[a-e]$/.test(text)) return { k: 'choice', letter: (choice[1] ?? choice[2] ?? choice[3])!.toUpperCase() };
  if (/^\\(?:emptyset|varnothing)$|^\\\{\s*\\\}$|^∅$/.test(text)) return { k: 'empty' };
  if (/^(?:\\mathbb\{R\}|ℝ|\\R|\\reals|\\text\{all real numbers\}|all real numbers)$/.test(text))
    return { k: 'interval', lo: NEG_INF, hi: INF, loClosed: false, hiClosed: false };
  // Any matrix environment, also an array or a plain matrix inside brackets or parentheses (\left[…\right] once
  // the sizing commands are gone).
  const matrix = /^[[(]?\s*\\begin\{([pbBvV]?matrix|array)\}(?:\{[^}]*\})?([\s\S]*)\\end\{\1\}\s*[\])]?$/.exec(text);
  if (matrix) return parseMatrix(matrix[2]!) ?? { k: 'text', s: normalizeText(text) };
  const plain = normalizeText(text);
  // Words (three letters or more, or anything inside \text{}) make a text answer: "Monday", "\text{odd}".
  const words = text.replace(/\\(?:text|textbf|textit|textrm|mathrm|mbox)\{([^{}]*)\}/g, '$1');
  const mathWord = /^(?:inf|infty|infinity|pi|e|i)$/i.test(words);
  if (!mathWord && /^[A-Za-z][A-Za-z\s'-]*$/.test(words) && (words !== text || /[A-Za-z]{3,}/.test(words))) return { k: 'text', s: plain };
  const toks = tokenize(text);
  if (!toks) return { k: 'text', s: plain };
  return fromTokens(toks, 0) ?? { k: 'text', s: plain };
}

function parseMatrix(body: string): Answer | null {
  const rows: Expr[][] = [];
  for (const row of body.split(/\\\\/)) {
    if (row.trim() === '') continue;
    const cells: Expr[] = [];
    for (const cell of row.split('&')) {
      const t = tokenize(cell.trim());
      const e = t && parseExpr(t);
      if (!e) return null;
      cells.push(e);
    }
    rows.push(cells);
  }
  return rows.length ? { k: 'matrix', rows } : null;
}

/** Splits at depth 0 on any of the given operator tokens. */
export function splitTop(toks: readonly Tok[], seps: (t: Tok) => boolean): Tok[][] {
  const parts: Tok[][] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.k === 'op' && (t.s in OPEN || t.s === '\\{')) depth++;
    else if (t.k === 'op' && (t.s === ')' || t.s === ']' || t.s === '}' || t.s === '\\}')) depth--;
    if (depth === 0 && seps(t)) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts;
}

/** Index of the token closing the opener at 0, or -1; intervals may close with the other bracket kind. */
function closing(toks: readonly Tok[]): number {
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.k !== 'op') continue;
    if (t.s in OPEN) depth++;
    else if (t.s === ')' || t.s === ']' || t.s === '}' || t.s === '\\}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function fromTokens(toks: Tok[], depth: number): Answer | null {
  if (toks.length === 0 || depth > 8) return null;
  // ± and ∓ describe two answers.
  const pm = toks.findIndex((t) => t.k === 'cmd' && (t.s === 'pm' || t.s === 'mp'));
  if (pm !== -1 && splitTop(toks, isComma).length === 1) {
    const plus = toks.map((t, i) => (i === pm ? { k: 'op' as const, s: '+' } : t));
    const minus = toks.map((t, i) => (i === pm ? { k: 'op' as const, s: '-' } : t));
    const a = fromTokens(plus, depth + 1);
    const b = fromTokens(minus, depth + 1);
    return a && b ? { k: 'list', items: [a, b], ordered: false, bracket: 'none' } : null;
  }
  if (toks.some((t) => t.k === 'cmd' && (t.s === 'setminus' || t.s === 'cap'))) {
    const ops = setOperation(toks, (t) => fromTokens(t, depth + 1));
    if (ops !== undefined) return ops;
  }
  const union = splitTop(toks, (t) => t.k === 'cmd' && t.s === 'cup');
  if (union.length > 1) {
    const parts = union.map((p) => fromTokens(p, depth + 1));
    if (!parts.every((p) => p !== null)) return null;
    // A union of finite sets is the finite set of their elements.
    if (parts.every((p) => isFiniteSet(p!))) return { k: 'list', items: parts.flatMap((p) => setItems(p!)), ordered: false, bracket: '{' };
    return { k: 'union', parts: parts as Answer[] };
  }
  // "p=5, q=2; p=7, q=2": semicolons between groups that themselves hold commas separate whole answers.
  const groups = toks.some((t) => isOp(t, ';')) ? splitTop(toks, (t) => isOp(t, ';')) : [toks];
  if (groups.length > 1 && groups.some((g) => splitTop(g, (t) => isOp(t, ',')).length > 1)) {
    const items = groups.filter((g) => g.length > 0).map((g) => fromTokens(g, depth + 1));
    return items.every((x) => x !== null) ? { k: 'list', items: items as Answer[], ordered: false, bracket: 'none' } : null;
  }
  const commas = splitTop(toks, isComma);
  if (commas.length > 1) {
    const items = commas.filter((p) => p.length > 0).map((p) => fromTokens(p, depth + 1));
    if (!items.every((x) => x !== null)) return null;
    if (items.length > 1 && items.every((x) => x!.k === 'interval' || x!.k === 'union')) return { k: 'union', parts: items as Answer[] };
    return items.length === 1 ? items[0]! : { k: 'list', items: items as Answer[], ordered: false, bracket: 'none' };
  }
  const first = toks[0]!;
  if (first.k === 'op' && first.s in OPEN && closing(toks) === toks.length - 1) {
    const inner = toks.slice(1, -1);
    const close = toks[toks.length - 1]!.s;
    const items = splitTop(inner, isComma);
    if (first.s === '\\{' || (first.s === '{' && items.length > 1)) {
      if (inner.length === 0) return { k: 'empty' };
      const parsed = items.map((p) => fromTokens(p, depth + 1));
      return parsed.every((x) => x !== null) ? { k: 'list', items: parsed as Answer[], ordered: false, bracket: '{' } : null;
    }
    if (items.length === 2 && (first.s === '(' || first.s === '[') && (close === ')' || close === ']')) {
      const lo = parseExpr(items[0]!);
      const hi = parseExpr(items[1]!);
      if (!lo || !hi) return null;
      const mixed = first.s === '(' ? close === ']' : close === ')';
      if (mixed || first.s === '[' || isInf(lo) || isInf(hi))
        return { k: 'interval', lo, hi, loClosed: first.s === '[', hiClosed: close === ']' };
      return { k: 'list', items: [{ k: 'expr', e: lo }, { k: 'expr', e: hi }], ordered: true, bracket: '(' };
    }
    if (items.length > 2 && (first.s === '(' || first.s === '[')) {
      const parsed = items.map((p) => fromTokens(p, depth + 1));
      return parsed.every((x) => x !== null) ? { k: 'list', items: parsed as Answer[], ordered: true, bracket: first.s as '(' | '[' } : null;
    }
  }
  const inIdx = toks.findIndex((t) => t.k === 'cmd' && t.s === 'in');
  if (inIdx > 0) return fromTokens(toks.slice(inIdx + 1), depth + 1);
  const rel = splitTop(toks, (t) => t.k === 'op' && RELATIONS.has(t.s));
  // "(x, y) = (1, 2)" and "f(x) = x^2 + 1" name what the answer is; the answer is the right-hand side.
  if (rel.length === 2 && isOp(toks[rel[0]!.length], '=') && namesOnly(rel[0]!)) return fromTokens(rel[1]!, depth + 1);
  if (rel.length > 1) return relation(toks, rel);
  const e = parseExpr(toks);
  return e ? { k: 'expr', e } : null;
}

function isOp(t: Tok | undefined, s: string): boolean {
  return t !== undefined && t.k === 'op' && t.s === s;
}

/** `(x, y)` or `f(x)` / `g(x, y)`: a tuple of variable names or a function applied to them. */
function namesOnly(toks: readonly Tok[]): boolean {
  const start = toks[0]?.k === 'id' && toks[0].s.length === 1 && isOp(toks[1], '(') ? 1 : 0;
  if (!isOp(toks[start], '(') || !isOp(toks[toks.length - 1], ')')) return false;
  const inner = toks.slice(start + 1, -1);
  if (start === 0 && inner.filter((t) => isOp(t, ',')).length === 0) return false;
  return inner.length > 0 && inner.every((t, i) => (i % 2 === 0 ? t.k === 'id' && t.s.length === 1 : isOp(t, ',')));
}

function isComma(t: Tok): boolean {
  return t.k === 'op' && (t.s === ',' || t.s === ';');
}

export function isInf(e: Expr): boolean {
  return (e.t === 'const' && e.name === 'inf') || (e.t === 'neg' && e.a.t === 'const' && e.a.name === 'inf');
}

/** Equations stay equations; inequalities in one variable become the interval they describe. */
function relation(toks: Tok[], parts: Tok[][]): Answer | null {
  const ops = toks.filter((t, i) => t.k === 'op' && RELATIONS.has(t.s) && depthAt(toks, i) === 0).map((t) => t.s);
  const exprs = parts.map((p) => parseExpr(p));
  if (!exprs.every((e) => e !== null)) return null;
  const es = exprs as Expr[];
  if (ops.length === 1 && ops[0] === '=') return { k: 'eq', lhs: es[0]!, rhs: es[1]! };
  // "x = 1/3 ≈ 0.33" and "\pi ≈ 3.14": the exact chain before the first ≈, and the approximation after it.
  const firstApprox = ops.indexOf('≈');
  if (firstApprox !== -1 && ops.every((o) => o === '=' || o === '≈'))
    return { k: 'eq', lhs: es[0]!, rhs: es[firstApprox]!, approx: es[es.length - 1]! };
  // A chain "x = 5 + 5 + 1 = 11" states its value last: it reads as x = 11.
  if (ops.length > 1 && ops.every((o) => o === '=')) return { k: 'eq', lhs: es[0]!, rhs: es[es.length - 1]! };
  const isVar = (e: Expr) => e.t === 'var';
  // x ≠ 3 is the real line without 3.
  if (ops.length === 1 && ops[0] === '!=' && es.length === 2) {
    const value = isVar(es[0]!) ? es[1]! : isVar(es[1]!) ? es[0]! : null;
    return value ? complement([{ k: 'expr', e: value }]) : null;
  }
  if (ops.includes('=') || ops.includes('!=')) return null;
  if (es.length === 2) {
    const [a, b] = es as [Expr, Expr];
    const op = ops[0]!;
    // Normalise to "x op value".
    let [value, rel] = isVar(a) ? [b, op] : isVar(b) ? [a, flip(op)] : [null, op];
    if (!value) {
      // 2x > 6 describes the same set as x > 3.
      const lin = solveLinear(a, b);
      if (!lin) return null;
      value = { t: 'num', v: lin.root, places: 0, decimal: false };
      rel = lin.slope > 0 ? op : flip(op);
    }
    if (rel === '<' || rel === '<=') return { k: 'interval', lo: NEG_INF, hi: value, loClosed: false, hiClosed: rel === '<=' };
    return { k: 'interval', lo: value, hi: INF, loClosed: rel === '>=', hiClosed: false };
  }
  // "1 ≤ |z| ≤ 3/2" is the band [-3/2, -1] ∪ [1, 3/2] when the lower bound is positive.
  if (es.length === 3 && es[1]!.t === 'fn' && es[1]!.name === 'abs' && isVar(es[1]!.a)) {
    const [o1, o2] = ops as [string, string];
    const lo = exact(es[0]!);
    if ((o1 === '<' || o1 === '<=') && (o2 === '<' || o2 === '<=') && lo && lo.n > 0n) {
      const neg = (e: Expr): Expr => ({ t: 'neg', a: e });
      return { k: 'union', parts: [
        { k: 'interval', lo: neg(es[2]!), hi: neg(es[0]!), loClosed: o2 === '<=', hiClosed: o1 === '<=' },
        { k: 'interval', lo: es[0]!, hi: es[2]!, loClosed: o1 === '<=', hiClosed: o2 === '<=' },
      ] };
    }
  }
  // "0 < f(x) < 1" bounds a function value as "0 < x < 1" bounds a variable.
  if (es.length === 3 && (isVar(es[1]!) || (es[1]!.t === 'mul' && es[1]!.args.every(isVar)))) {
    const [o1, o2] = ops as [string, string];
    const up = (o: string) => o === '<' || o === '<=';
    if (up(o1) && up(o2)) return { k: 'interval', lo: es[0]!, hi: es[2]!, loClosed: o1 === '<=', hiClosed: o2 === '<=' };
    if (!up(o1) && !up(o2)) return { k: 'interval', lo: es[2]!, hi: es[0]!, loClosed: o2 === '>=', hiClosed: o1 === '>=' };
  }
  return null;
}

function flip(op: string): string {
  return ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op;
}

function depthAt(toks: readonly Tok[], idx: number): number {
  let depth = 0;
  for (let i = 0; i < idx; i++) {
    const t = toks[i]!;
    if (t.k === 'op' && t.s in OPEN) depth++;
    else if (t.k === 'op' && (t.s === ')' || t.s === ']' || t.s === '}' || t.s === '\\}')) depth--;
  }
  return depth;
}
