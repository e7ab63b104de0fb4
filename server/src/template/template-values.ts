// The values a prompt template can hold, and the only operations on them. nunjucks compiles templates to
// JavaScript and lets any value reach its prototype (`question.constructor.constructor` is `Function`), so a
// recipe could run code. Our renderer holds only plain data: strings, numbers, booleans, null, undefined,
// arrays, plain objects (from the render context or built by the template), and `TemplateCallable`s that the
// renderer itself creates. Every conversion JavaScript would do implicitly (`String(x)`, `a + b`, `a < b`) is
// done here explicitly on those shapes, so no user-reachable object's `toString`, `valueOf` or getter ever runs.

/** A function the renderer hands to the template on purpose: `range`, a macro, `caller`, `loop.cycle`. */
export class TemplateCallable {
  constructor(
    readonly name: string,
    readonly call: (args: TemplateValue[], kwargs: TemplateDict | undefined) => TemplateValue,
  ) {
    Object.freeze(this);
  }
}

export type TemplateDict = { [key: string]: TemplateValue };
export type TemplateValue = string | number | boolean | null | undefined | TemplateValue[] | TemplateDict | TemplateCallable;

/** A failure while rendering: where (template line/column of the node, 0-based) and what kind. */
export class RenderError extends Error {
  constructor(
    message: string,
    readonly code: 'template/render' | 'template/unsafe' | 'template/budget' = 'template/render',
    public lineno?: number,
    public colno?: number,
  ) {
    super(message);
  }
}

/**
 * Member names no template may read, on any value: the ways from a value to its constructor and prototype,
 * the Function methods that rebind code, and every name Object.prototype defines (`toString`, `valueOf`,
 * `__defineGetter__`, …). Dataset rows never need such names, so refusing them costs nothing legitimate.
 */
export const FORBIDDEN_MEMBERS: ReadonlySet<string> = new Set([
  'constructor', 'prototype', '__proto__', 'call', 'apply', 'bind', 'caller', 'callee', 'arguments',
  ...Object.getOwnPropertyNames(Object.prototype),
  // `length` and `name` are Function.prototype names too, but legitimate members of text, arrays and rows.
  ...Object.getOwnPropertyNames(Function.prototype).filter((n) => n !== 'length' && n !== 'name'),
]);

/** True for a member name a template may never read (also any `__dunder__`-style name). */
export function isForbiddenMember(name: string): boolean {
  return FORBIDDEN_MEMBERS.has(name) || name.startsWith('__');
}

export function isArray(v: unknown): v is TemplateValue[] {
  return Array.isArray(v);
}

/** A plain data object: made by JSON.parse, an object literal, or the renderer (null prototype). */
export function isDict(v: unknown): v is TemplateDict {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

/** An own, enumerable, data (not accessor) property, or undefined. Never reads through a prototype. */
function ownData(obj: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(obj, key);
  return d && 'value' in d ? d.value : undefined;
}

/**
 * Turns anything from the render context into a template value: plain data passes, anything else (a
 * function, a class instance, a symbol, a bigint) becomes undefined, so it can neither be called nor probed.
 */
export function toTemplateValue(v: unknown): TemplateValue {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return v;
    case 'object':
      if (v === null || Array.isArray(v) || isDict(v) || v instanceof TemplateCallable) return v as TemplateValue;
      return undefined;
    default:
      return undefined;
  }
}

/** Own keys of a plain object, in JavaScript's order (what nunjucks' `for k in obj` visits). */
export function dictKeys(d: TemplateDict): string[] {
  return Object.keys(d);
}

/**
 * `obj.name` / `obj[name]`: own data properties of arrays and plain objects, `length` and indices of strings
 * and arrays, nothing else. A forbidden name is a render error (never a quiet undefined that a template
 * could probe), a missing member is undefined (so `row.x is defined` works).
 */
export function memberLookup(obj: TemplateValue, key: TemplateValue): TemplateValue {
  if (obj === undefined || obj === null) return undefined;
  if (typeof key !== 'string' && typeof key !== 'number') return undefined;
  const name = typeof key === 'number' ? String(key) : key;
  if (isForbiddenMember(name)) throw new RenderError(`The template reads the member "${name}", which templates may not use.`, 'template/unsafe');
  if (typeof obj === 'string') {
    if (name === 'length') return obj.length;
    return /^(0|[1-9][0-9]*)$/.test(name) ? obj[Number(name)] : undefined;
  }
  if (Array.isArray(obj)) {
    if (name === 'length') return obj.length;
    return /^(0|[1-9][0-9]*)$/.test(name) ? toTemplateValue(ownData(obj, name)) : undefined;
  }
  if (isDict(obj)) return toTemplateValue(ownData(obj, name));
  return undefined;
}

/** A fresh plain object without a prototype, for dict literals and filter results. */
export function makeDict(entries: [string, TemplateValue][] = []): TemplateDict {
  const d: TemplateDict = Object.create(null);
  for (const [k, v] of entries) d[k] = v;
  return d;
}

/** JavaScript's ToString, as nunjucks' output and `~` apply it, for template values only. */
export function toStr(v: TemplateValue): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (x === undefined || x === null ? '' : toStr(x))).join(',');
  if (v instanceof TemplateCallable) throw new RenderError(`"${v.name}" is a function, which cannot be turned into text.`);
  return '[object Object]';
}

/** JavaScript's ToPrimitive for template values: arrays and objects become their text. */
export function toPrimitive(v: TemplateValue): string | number | boolean | null | undefined {
  return typeof v === 'object' && v !== null ? toStr(v) : (v as string | number | boolean | null | undefined);
}

export function toNumber(v: TemplateValue): number {
  return Number(toPrimitive(v));
}

/** JavaScript's `a + b` (concatenation when either side is text, else addition). */
export function add(a: TemplateValue, b: TemplateValue): string | number {
  const x = toPrimitive(a);
  const y = toPrimitive(b);
  if (typeof x === 'string' || typeof y === 'string') return toStr(x) + toStr(y);
  return Number(x) + Number(y);
}

/** JavaScript's truthiness (nunjucks' `if`, `and`, `or`, `not`). */
export function truthy(v: TemplateValue): boolean {
  return typeof v === 'object' ? v !== null : Boolean(v);
}

/** JavaScript's `==`, with objects compared by identity and against primitives through their text. */
export function looseEquals(a: TemplateValue, b: TemplateValue): boolean {
  const ao = typeof a === 'object' && a !== null;
  const bo = typeof b === 'object' && b !== null;
  if (ao && bo) return a === b;
  // eslint-disable-next-line eqeqeq
  return toPrimitive(a) == toPrimitive(b);
}

/** JavaScript's relational comparison on the primitive forms (`<`, `>`, `<=`, `>=`). */
export function compare(op: string, a: TemplateValue, b: TemplateValue): boolean {
  const x = toPrimitive(a) as string | number;
  const y = toPrimitive(b) as string | number;
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    case '==': return looseEquals(a, b);
    case '!=': return !looseEquals(a, b);
    case '===': return a === b;
    case '!==': return a !== b;
    default: throw new RenderError(`Unknown comparison "${op}".`);
  }
}

/** nunjucks' `in`: membership in an array or text, own key of an object; anything else is an error. */
export function inOperator(key: TemplateValue, container: TemplateValue): boolean {
  if (Array.isArray(container)) return container.indexOf(key) !== -1;
  if (typeof container === 'string') return container.indexOf(toStr(key)) !== -1;
  if (isDict(container)) return Object.prototype.hasOwnProperty.call(container, toStr(key));
  throw new RenderError(`Cannot use "in" operator to search for "${typeof key === 'object' ? typeof key : toStr(key)}" in unexpected types.`);
}
