// Renders a parsed template (nunjucks' own AST, nunjucks-ast.ts) by walking it, instead of compiling it to
// JavaScript the way nunjucks does. Compiled nunjucks code lets a template reach `Function` through any
// value's `constructor`; here every value is plain data (template-values.ts), every member read goes through
// the guarded lookup, calls reach only `TemplateCallable`s the renderer made (`range`, macros, `caller`,
// `loop.cycle`), filters and tests come from allow-lists, and a budget bounds steps, output and nesting
// (render-budget.ts). Scoping mirrors nunjucks 3.2's compiler and runtime (frames, `set` resolving upwards out
// of `for` bodies, top-level names mirrored into the context for macros), so legitimate prompts render byte
// for byte as nunjucks rendered them; test/unit/template/nunjucks-parity.test.ts checks that.
import { children, type NjNode } from './nunjucks-ast';
import { RenderBudget, type BudgetLimits } from './render-budget';
import { applyFilter } from './template-filters';
import { Frame } from './template-frame';
import { TemplateOutput } from './template-output';
import { makeRange } from './template-range';
import { runTest } from './template-tests';
import {
  add, compare, dictKeys, inOperator, isArray, isDict, makeDict, memberLookup, RenderError, TemplateCallable, toNumber,
  toStr, toTemplateValue, truthy, type TemplateDict, type TemplateValue,
} from './template-values';

const STATEMENT_NAMES: Record<string, string> = {
  Include: 'include', Import: 'import', FromImport: 'from … import', Extends: 'extends', Block: 'block', Super: 'super()',
  CallExtension: 'custom tags', CallExtensionAsync: 'custom tags', FilterAsync: 'async filters', AsyncEach: 'asyncEach',
  AsyncAll: 'asyncAll', IfAsync: 'ifAsync',
};

class Interpreter {
  private readonly range: TemplateCallable;
  constructor(
    private readonly budget: RenderBudget,
    private readonly context: Map<string, TemplateValue>,
  ) {
    this.range = makeRange(budget);
  }

  private lookup(frame: Frame, name: string): TemplateValue {
    const v = frame.lookup(name);
    if (v !== undefined) return v;
    if (this.context.has(name)) return this.context.get(name);
    return name === 'range' ? this.range : undefined;
  }

  /** Runs a statement (or node list) into `out`. */
  exec(node: NjNode, frame: Frame, out: TemplateOutput): void {
    this.budget.spend();
    try {
      this.execNode(node, frame, out);
    } catch (e) {
      throw located(e, node);
    }
  }

  private execNode(node: NjNode, frame: Frame, out: TemplateOutput): void {
    switch (node.typename) {
      case 'Root':
      case 'NodeList':
        for (const c of children(node)) this.exec(c, frame, out);
        return;
      case 'Output':
        for (const c of children(node)) {
          if (c.typename === 'TemplateData') {
            if (c.value) out.push(String(c.value));
            continue;
          }
          const v = this.eval(c, frame);
          if (v === undefined || v === null) throw located(new RenderError('attempted to output null or undefined value'), c);
          out.push(this.budget.text(toStr(v)));
        }
        return;
      case 'If':
        if (truthy(this.eval(node['cond'] as NjNode, frame))) this.exec(node['body'] as NjNode, frame, out);
        else if (node['else_']) this.exec(node['else_'] as NjNode, frame, out);
        return;
      case 'For':
        return this.execFor(node, frame, out);
      case 'Set': {
        const value = node['value'] ? this.eval(node['value'] as NjNode, frame) : this.eval(node['body'] as NjNode, frame);
        for (const t of (node['targets'] as NjNode[]) ?? []) {
          const name = String(t.value);
          frame.set(name, value, true);
          if (frame.topLevel) this.context.set(name, value);
        }
        return;
      }
      case 'Macro': {
        const name = String((node['name'] as NjNode).value);
        const fn = this.macro(node, undefined);
        if (frame.parent) frame.set(name, fn);
        else this.context.set(name, fn);
        return;
      }
      case 'Switch':
        return this.execSwitch(node, frame, out);
      default:
        throw new RenderError(STATEMENT_NAMES[node.typename] ? `{% ${STATEMENT_NAMES[node.typename]} %} is not supported in templates.` : `A "${node.typename}" node is not supported in templates.`, 'template/unsafe');
    }
  }

  private execFor(node: NjNode, outer: Frame, out: TemplateOutput): void {
    const frame = outer.push();
    const arr = this.eval(node['arr'] as NjNode, frame);
    const nameNode = node['name'] as NjNode;
    const body = node['body'] as NjNode;
    let len: number | undefined;
    const loop = makeDict();
    let index0 = 0;
    loop['cycle'] = new TemplateCallable('loop.cycle', (args) => (args.length ? args[index0 % args.length] : undefined));
    frame.set('loop', loop);
    const bind = (i: number, n: number) => {
      index0 = i;
      Object.assign(loop, { index: i + 1, index0: i, revindex: n - i, revindex0: n - i - 1, first: i === 0, last: i === n - 1, length: n });
    };
    if (truthy(arr)) {
      if (nameNode.typename === 'Array') {
        const names = children(nameNode).map((c) => String(c.value));
        if (isArray(arr)) {
          len = arr.length;
          for (let i = 0; i < arr.length; i++) {
            this.budget.spend();
            names.forEach((n, u) => frame.set(n, memberLookup(arr[i], u)));
            bind(i, len);
            this.exec(body, frame, out);
          }
        } else {
          // Objects iterate as key/value pairs (text as index/character, as JavaScript's for-in does).
          const keys = isDict(arr) ? dictKeys(arr) : typeof arr === 'string' ? Array.from({ length: arr.length }, (_x, i) => String(i)) : [];
          len = keys.length;
          keys.forEach((k, i) => {
            this.budget.spend();
            frame.set(names[0]!, k);
            frame.set(names[1]!, memberLookup(arr, typeof arr === 'string' ? Number(k) : k));
            bind(i, keys.length);
            this.exec(body, frame, out);
          });
        }
      } else {
        const name = String(nameNode.value);
        const n = typeof arr === 'string' || isArray(arr) ? arr.length : isDict(arr) ? memberLookup(arr, 'length') : undefined;
        len = n === undefined ? undefined : toNumber(n);
        for (let i = 0; len !== undefined && i < len; i++) {
          this.budget.spend();
          frame.set(name, memberLookup(arr, i));
          bind(i, len);
          this.exec(body, frame, out);
        }
      }
    }
    if (node['else_'] && !len) this.exec(node['else_'] as NjNode, frame, out);
  }

  private execSwitch(node: NjNode, frame: Frame, out: TemplateOutput): void {
    // JavaScript's switch, which nunjucks compiles to: strict equality, and empty cases fall through.
    const value = this.eval(node['expr'] as NjNode, frame);
    const cases = (node['cases'] as NjNode[]) ?? [];
    let matched = false;
    for (const c of cases) {
      if (!matched) matched = this.eval(c['cond'] as NjNode, frame) === value;
      if (!matched) continue;
      const body = c['body'] as NjNode;
      this.exec(body, frame, out);
      if (children(body).length) return;
    }
    if (!matched && node['default']) this.exec(node['default'] as NjNode, frame, out);
  }

  /** A macro (or a `{% call %}` body when `callerFrame` is given) as a callable with nunjucks' argument rules. */
  private macro(node: NjNode, callerFrame: Frame | undefined): TemplateCallable {
    const defs = children(node['args'] as NjNode);
    const last = defs[defs.length - 1];
    const kwDefs = last && last.typename === 'KeywordArgs' ? children(last) : [];
    const argNames = (last?.typename === 'KeywordArgs' ? defs.slice(0, -1) : defs).map((a) => String(a.value));
    const kwNames = kwDefs.map((p) => String((p['key'] as NjNode).value));
    const name = String((node['name'] as NjNode | undefined)?.value ?? 'macro');
    return new TemplateCallable(name, (given, kwargs) => {
      const kw = kwargs ?? makeDict();
      let args: TemplateValue[];
      if (given.length > argNames.length) {
        args = given.slice(0, argNames.length);
        given.slice(argNames.length).forEach((v, i) => {
          if (i < kwNames.length) kw[kwNames[i]!] = v;
        });
      } else {
        args = given.slice();
        for (let i = given.length; i < argNames.length; i++) {
          args.push(Object.prototype.hasOwnProperty.call(kw, argNames[i]!) ? kw[argNames[i]!] : undefined);
          delete kw[argNames[i]!];
        }
      }
      this.budget.enter();
      try {
        const frame = callerFrame ? callerFrame.push(true) : new Frame(undefined);
        if (Object.prototype.hasOwnProperty.call(kw, 'caller')) frame.set('caller', kw['caller']);
        argNames.forEach((n, i) => frame.set(n, args[i]));
        for (const p of kwDefs) {
          const key = String((p['key'] as NjNode).value);
          frame.set(key, Object.prototype.hasOwnProperty.call(kw, key) ? kw[key] : this.eval(p['value'] as NjNode, frame));
        }
        const out = new TemplateOutput(this.budget);
        this.exec(node['body'] as NjNode, frame, out);
        return out.text();
      } finally {
        this.budget.leave();
      }
    });
  }

  eval(node: NjNode, frame: Frame): TemplateValue {
    this.budget.spend();
    try {
      const v = this.evalNode(node, frame);
      return typeof v === 'string' ? this.budget.text(v) : v;
    } catch (e) {
      throw located(e, node);
    }
  }

  /** Evaluates call arguments: positional values, and the keyword arguments when the last one is `k=v`. */
  private args(list: NjNode[], frame: Frame): { args: TemplateValue[]; kwargs: TemplateDict | undefined } {
    const last = list[list.length - 1];
    const kw = last && last.typename === 'KeywordArgs' ? last : undefined;
    const args = (kw ? list.slice(0, -1) : list).map((a) => this.eval(a, frame));
    return { args, kwargs: kw ? (this.eval(kw, frame) as TemplateDict) : undefined };
  }

  private evalNode(node: NjNode, frame: Frame): TemplateValue {
    const bin = () => [this.eval(node['left'] as NjNode, frame), this.eval(node['right'] as NjNode, frame)] as const;
    switch (node.typename) {
      case 'Literal':
      case 'TemplateData':
        return toTemplateValue(node.value);
      case 'Symbol':
        return this.lookup(frame, String(node.value));
      case 'Group': {
        // nunjucks emits `(a, b)`: JavaScript's comma operator, whose value is the last one.
        let v: TemplateValue;
        for (const c of children(node)) v = this.eval(c, frame);
        return v;
      }
      case 'Array':
        return children(node).map((c) => this.eval(c, frame));
      case 'Dict':
      case 'KeywordArgs':
        return makeDict(children(node).map((p) => {
          const key = p['key'] as NjNode;
          return [String(key.value), this.eval(p['value'] as NjNode, frame)];
        }));
      case 'LookupVal':
        return memberLookup(this.eval(node['target'] as NjNode, frame), this.eval(node['val'] as NjNode, frame));
      case 'InlineIf':
        if (truthy(this.eval(node['cond'] as NjNode, frame))) return this.eval(node['body'] as NjNode, frame);
        return node['else_'] ? this.eval(node['else_'] as NjNode, frame) : '';
      case 'In': {
        const [l, r] = bin();
        return inOperator(l, r);
      }
      case 'Is': {
        const right = node['right'] as NjNode;
        const callee = right['name'] as NjNode | undefined;
        const name = callee ? String(callee.value) : String(right.value);
        const left = this.eval(node['left'] as NjNode, frame);
        const args = callee ? this.args(children(right['args'] as NjNode), frame).args : [];
        return runTest(name, left, args);
      }
      case 'Or': {
        const l = this.eval(node['left'] as NjNode, frame);
        return truthy(l) ? l : this.eval(node['right'] as NjNode, frame);
      }
      case 'And': {
        const l = this.eval(node['left'] as NjNode, frame);
        return truthy(l) ? this.eval(node['right'] as NjNode, frame) : l;
      }
      case 'Not':
        return !truthy(this.eval(node['target'] as NjNode, frame));
      case 'Neg':
        return -toNumber(this.eval(node['target'] as NjNode, frame));
      case 'Pos':
        return toNumber(this.eval(node['target'] as NjNode, frame));
      case 'Add': {
        const [l, r] = bin();
        return add(l, r);
      }
      case 'Concat': {
        const [l, r] = bin();
        return toStr(l) + toStr(r);
      }
      case 'Sub':
      case 'Mul':
      case 'Div':
      case 'Mod':
      case 'FloorDiv':
      case 'Pow': {
        const [l, r] = bin();
        const a = toNumber(l);
        const b = toNumber(r);
        if (node.typename === 'Sub') return a - b;
        if (node.typename === 'Mul') return a * b;
        if (node.typename === 'Div') return a / b;
        if (node.typename === 'Mod') return a % b;
        if (node.typename === 'FloorDiv') return Math.floor(a / b);
        return Math.pow(a, b);
      }
      case 'Compare': {
        // nunjucks emits `a < b < c` as JavaScript, which compares left to right: `(a < b) < c`.
        let acc = this.eval(node['expr'] as NjNode, frame);
        for (const op of (node['ops'] as NjNode[]) ?? []) acc = compare(String(op['type']), acc, this.eval(op['expr'] as NjNode, frame));
        return acc;
      }
      case 'FunCall': {
        const fn = this.eval(node['name'] as NjNode, frame);
        if (!(fn instanceof TemplateCallable)) {
          throw new RenderError(`Unable to call \`${calleeName(node['name'] as NjNode)}\`: templates may call only range(), loop.cycle(), caller() and macros they define.`, 'template/unsafe');
        }
        const { args, kwargs } = this.args(children(node['args'] as NjNode), frame);
        return fn.call(args, kwargs);
      }
      case 'Filter': {
        const list = children(node['args'] as NjNode);
        const { args, kwargs } = this.args(list, frame);
        return applyFilter(this.budget, String((node['name'] as NjNode).value), args[0], args.slice(1), kwargs);
      }
      case 'Capture': {
        const out = new TemplateOutput(this.budget);
        this.exec(node['body'] as NjNode, frame, out);
        return out.text();
      }
      case 'Caller':
        return this.macro(node, frame);
      default:
        throw new RenderError(`A "${node.typename}" expression is not supported in templates.`, 'template/unsafe');
    }
  }
}

function calleeName(node: NjNode): string {
  if (node.typename === 'Symbol') return String(node.value);
  if (node.typename === 'LookupVal') {
    const val = node['val'] as NjNode;
    return `${calleeName(node['target'] as NjNode)}.${val.typename === 'Literal' ? String(val.value) : '[…]'}`;
  }
  return 'an expression';
}

/** Gives an error without a position the position of the innermost node it came from. */
function located(e: unknown, node: NjNode): unknown {
  if (e instanceof RenderError && e.lineno === undefined && typeof node.lineno === 'number') {
    e.lineno = node.lineno;
    e.colno = node.colno;
  }
  return e;
}

/**
 * Renders `ast` with `vars` (the render context: plain data; anything else in it is invisible). Throws a
 * RenderError (with a 0-based line and column when known) for a render failure, a refused construct or an
 * exhausted budget; nothing else escapes, not even a stack overflow from a pathological template.
 */
export function interpretTemplate(ast: NjNode, vars: object, limits?: BudgetLimits): string {
  const budget = new RenderBudget(limits);
  const context = new Map<string, TemplateValue>();
  for (const key of Object.keys(vars)) {
    const d = Object.getOwnPropertyDescriptor(vars, key);
    if (d && 'value' in d) context.set(key, toTemplateValue(d.value));
  }
  const root = new Frame(undefined, false, true);
  const out = new TemplateOutput(budget);
  try {
    new Interpreter(budget, context).exec(ast, root, out);
  } catch (e) {
    if (e instanceof RenderError) throw e;
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new RenderError('The template nests too deeply to render.', 'template/budget');
    throw new RenderError(e instanceof Error ? e.message : String(e));
  }
  return out.text();
}
