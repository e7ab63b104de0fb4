// Recursive-descent parser from answer tokens to an Expr. It reads school LaTeX: \frac12 and \sqrt3 shorthands,
// implicit multiplication, mixed numbers (2\frac{1}{2} is 5/2), functions with or without parentheses, and base
// subscripts (1011_2). Anything it cannot read makes it return null, and the comparer falls back to text; depth
// and size are capped so adversarial input cannot recurse or loop for long.
import type { Expr } from './expr';
import * as Q from './rational';
import { FUNCTION_WORDS, type Tok } from './tokenize';

class Fail extends Error {}

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega', 'Gamma',
  'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma', 'Phi', 'Psi', 'Omega',
]);
const TEXT_CMDS = new Set(['text', 'textbf', 'textit', 'mathrm', 'mbox', 'mathbf', 'textrm', 'mathit', 'textnormal']);
const MAX_DEPTH = 60;
const MAX_TOKENS = 600;

export function parseExpr(toks: readonly Tok[]): Expr | null {
  if (toks.length === 0 || toks.length > MAX_TOKENS) return null;
  const p = new Parser(toks.map((t) => ({ ...t })));
  try {
    const e = p.sum();
    if (p.i !== p.toks.length) return null;
    return e;
  } catch (e) {
    if (e instanceof Fail || e instanceof RangeError) return null;
    throw e;
  }
}

export function num(s: string): Expr {
  const v = Q.parseDecimal(s);
  if (!v) throw new Fail();
  const m = /^\d*\.(\d+)$/.exec(s);
  return { t: 'num', v, places: m ? m[1]!.length : 0, decimal: m !== null };
}

function isOp(t: Tok | undefined, s: string): boolean {
  return t !== undefined && t.k === 'op' && t.s === s;
}

class Parser {
  i = 0;
  depth = 0;
  constructor(readonly toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new Fail();
    return t;
  }
  private expect(s: string): void {
    if (!isOp(this.next(), s)) throw new Fail();
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new Fail();
  }

  sum(): Expr {
    this.enter();
    const args: Expr[] = [this.term()];
    for (;;) {
      const t = this.peek();
      if (isOp(t, '+')) {
        this.i++;
        args.push(this.term());
      } else if (isOp(t, '-')) {
        this.i++;
        args.push({ t: 'neg', a: this.term() });
      } else break;
    }
    this.depth--;
    return args.length === 1 ? args[0]! : { t: 'add', args };
  }

  term(): Expr {
    let left = this.signed();
    let single = true;
    for (;;) {
      const t = this.peek();
      if (isOp(t, '*')) {
        this.i++;
        left = mulOf(left, this.signed());
      } else if (isOp(t, '/') || isOp(t, ':')) {
        // A ratio a:b is the quotient a/b, so 3:1 equals 6:2 and \frac{3}{1}.
        this.i++;
        left = { t: 'div', a: left, b: this.signed() };
      } else if (t && this.startsPrimary(t)) {
        const right = this.postfix();
        // 2\frac{1}{2} is the mixed number 5/2, not 2 · 1/2.
        if (single && left.t === 'num' && !left.decimal && isSimpleFraction(right)) left = { t: 'add', args: [left, right] };
        else left = mulOf(left, right);
      } else break;
      single = false;
    }
    return left;
  }

  private signed(): Expr {
    const t = this.peek();
    if (isOp(t, '-')) {
      this.i++;
      this.enter();
      const a = this.signed();
      this.depth--;
      return { t: 'neg', a };
    }
    if (isOp(t, '+')) {
      this.i++;
      return this.signed();
    }
    return this.postfix();
  }

  private startsPrimary(t: Tok): boolean {
    if (t.k === 'num' || t.k === 'id') return true;
    if (t.k === 'op') return t.s === '(' || t.s === '{' || t.s === '[';
    return t.s !== 'pm' && t.s !== 'mp' && t.s !== 'cup' && t.s !== 'cap' && t.s !== 'in' && t.s !== 'circ' && t.s !== 'rfloor' && t.s !== 'rceil';
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (isOp(t, '^')) {
        this.i++;
        e = { t: 'pow', a: e, b: this.arg(true) };
      } else if (isOp(t, '!')) {
        this.i++;
        e = { t: 'fact', a: e };
      } else if (isOp(t, '_')) {
        this.i++;
        const sub = this.rawArg();
        if (e.t === 'num' && !e.decimal) e = { t: 'base', digits: e.v.n.toString(), base: sub };
        else if (e.t === 'base') e = { t: 'base', digits: e.digits, base: sub };
        else if (e.t === 'var') e = { t: 'var', name: `${e.name}_${sub}` };
        else throw new Fail();
      } else if (isOp(t, "'")) {
        this.i++;
        if (e.t !== 'var') throw new Fail();
        e = { t: 'var', name: `${e.name}'` };
      } else return e;
    }
  }

  /** The text of a subscript or a \text group, as written. */
  private rawArg(): string {
    const t = this.next();
    if (t.k === 'num' || t.k === 'id') return this.firstChar(t);
    if (!isOp(t, '{')) throw new Fail();
    let depth = 1;
    let s = '';
    while (depth > 0) {
      const u = this.next();
      if (isOp(u, '{')) depth++;
      else if (isOp(u, '}')) depth--;
      if (depth > 0) s += u.k === 'cmd' ? `\\${u.s} ` : u.s;
    }
    return s.trim();
  }

  /** A LaTeX argument: a braced group, or a single character or command (\frac12, \sqrt3, x^2). */
  private arg(allowSign = false): Expr {
    const t = this.peek();
    if (!t) throw new Fail();
    if (isOp(t, '{')) {
      this.i++;
      const e = this.sum();
      this.expect('}');
      return e;
    }
    if (allowSign && isOp(t, '-')) {
      this.i++;
      return { t: 'neg', a: this.arg() };
    }
    if (t.k === 'num') {
      this.i++;
      return num(this.firstChar(t));
    }
    if (t.k === 'id' && t.s.length > 1) throw new Fail();
    return this.primary();
  }

  /** Takes the first character of a token and leaves the rest in place (for \frac12 and x^23). */
  private firstChar(t: Tok): string {
    if (t.s.length === 1) return t.s;
    if (t.s[0] === '.') throw new Fail();
    this.toks.splice(this.i, 0, { k: t.k, s: t.s.slice(1) });
    return t.s[0]!;
  }

  private group(close: string): Expr {
    this.enter();
    const e = this.sum();
    this.expect(close);
    this.depth--;
    return e;
  }

  private primary(): Expr {
    const t = this.next();
    if (t.k === 'num') return num(t.s);
    if (t.k === 'id') {
      if (FUNCTION_WORDS.has(t.s)) return this.func(t.s);
      if (t.s === 'e') return { t: 'const', name: 'e' };
      if (t.s === 'i') return { t: 'const', name: 'i' };
      return { t: 'var', name: t.s };
    }
    if (t.k === 'op') {
      if (t.s === '(') return this.group(')');
      if (t.s === '[') return this.group(']');
      if (t.s === '{') return this.group('}');
      if (t.s === '|') return { t: 'fn', name: 'abs', a: this.group('|') };
      throw new Fail();
    }
    const name = t.s;
    if (name === 'frac' || name === 'cfrac') return { t: 'div', a: this.arg(), b: this.arg() };
    if (name === 'binom') return { t: 'binom', a: this.arg(), b: this.arg() };
    if (name === 'sqrt') {
      if (isOp(this.peek(), '[')) {
        this.i++;
        const idx = this.sum();
        this.expect(']');
        return { t: 'pow', a: this.arg(), b: { t: 'div', a: num('1'), b: idx } };
      }
      return { t: 'fn', name: 'sqrt', a: this.arg() };
    }
    if (name === 'pi') return { t: 'const', name: 'pi' };
    if (name === 'infty' || name === 'infinity') return { t: 'const', name: 'inf' };
    if (name === 'lfloor' || name === 'lceil') {
      const a = this.sum();
      const close = this.next();
      if (close.k !== 'cmd' || close.s !== (name === 'lfloor' ? 'rfloor' : 'rceil')) throw new Fail();
      return { t: 'fn', name: name === 'lfloor' ? 'floor' : 'ceil', a };
    }
    if (FUNCTION_WORDS.has(name)) return this.func(name);
    if (name === 'operatorname') return this.func(this.rawArg());
    if (GREEK.has(name)) return { t: 'var', name };
    if (TEXT_CMDS.has(name)) {
      const text = this.rawArg().toLowerCase();
      if (text === '') throw new Fail();
      return { t: 'var', name: `text:${text}` };
    }
    throw new Fail();
  }

  /** \sin x, \sin(2x), \sin^2 x, \log_2 8, \ln|x|. */
  private func(name: string): Expr {
    let power: Expr | null = null;
    let base: Expr | undefined;
    if (isOp(this.peek(), '_') && name === 'log') {
      this.i++;
      base = this.arg();
    }
    if (isOp(this.peek(), '^')) {
      this.i++;
      power = this.arg(true);
    }
    let a: Expr;
    const t = this.peek();
    if (isOp(t, '(') || isOp(t, '{')) a = this.postfix();
    else {
      a = this.postfix();
      while (this.peek() && this.startsPrimary(this.peek()!) && !this.isFunction(this.peek()!)) a = mulOf(a, this.postfix());
    }
    const inverse = power && power.t === 'neg' && power.a.t === 'num' && Q.eq(power.a.v, Q.ONE) && ['sin', 'cos', 'tan'].includes(name);
    const f: Expr = { t: 'fn', name: inverse ? `arc${name}` : name, a, ...(base ? { base } : {}) };
    return power && !inverse ? { t: 'pow', a: f, b: power } : f;
  }

  private isFunction(t: Tok): boolean {
    return (t.k === 'id' || t.k === 'cmd') && FUNCTION_WORDS.has(t.s);
  }
}

function mulOf(a: Expr, b: Expr): Expr {
  const args = [...(a.t === 'mul' ? a.args : [a]), ...(b.t === 'mul' ? b.args : [b])];
  if (args.length > 400) throw new Fail();
  return { t: 'mul', args };
}

function isSimpleFraction(e: Expr): boolean {
  return e.t === 'div' && e.a.t === 'num' && !e.a.decimal && e.b.t === 'num' && !e.b.decimal && Q.cmp(e.a.v, e.b.v) < 0;
}
