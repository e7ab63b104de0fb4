// The filters a prompt template may use: an allow-list written against our value model (template-values.ts),
// each matching what nunjucks 3.2 outputs for the same input so prompts render byte for byte as before. A
// filter never calls a method on a template value and never returns a function; an argument of the wrong
// type is a render error. `min`, `max`, `unique`, `map` and `tojson` are not nunjucks filters; they follow
// Jinja, and `map` / `sort` / `sum` / `join` / `selectattr` read attributes through the same guarded lookup
// as `a.b`. A filter that is not listed here is refused before rendering (check-template-safety.ts).
import type { RenderBudget } from './render-budget';
import {
  add, dictKeys, isArray, isDict, makeDict, memberLookup, RenderError, toNumber, toPrimitive, toStr, truthy,
  type TemplateDict, type TemplateValue,
} from './template-values';
import { runTest } from './template-tests';

type Filter = (b: RenderBudget, v: TemplateValue, ...args: TemplateValue[]) => TemplateValue;

interface FilterDef {
  /** Parameter names after the value, so keyword arguments (`sort(attribute='x')`) find their place. */
  params: string[];
  fn: Filter;
}

/** nunjucks' `normalize`: null, undefined and false become the default. */
function normalize(v: TemplateValue, def: TemplateValue): TemplateValue {
  return v === null || v === undefined || v === false ? def : v;
}

function needString(name: string, v: TemplateValue): string {
  if (typeof v !== 'string') throw new RenderError(`The filter "${name}" needs text, not ${describe(v)}.`);
  return v;
}

function needArray(name: string, v: TemplateValue): TemplateValue[] {
  if (!isArray(v)) throw new RenderError(`The filter "${name}" needs a list, not ${describe(v)}.`);
  return v;
}

function describe(v: TemplateValue): string {
  if (v === undefined) return 'an undefined value';
  if (v === null) return 'null';
  if (isArray(v)) return 'a list';
  if (typeof v === 'object') return isDict(v) ? 'an object' : 'a function';
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

/** nunjucks' `lib.map`: arrays are copied, anything with no length gives an empty list. */
function toList(v: TemplateValue): TemplateValue[] {
  if (isArray(v)) return v.slice();
  if (typeof v === 'string') return v.split('');
  return [];
}

/** Reads `attr` (dotted path or index) the way nunjucks' `getAttrGetter` does, through the guarded lookup. */
function attribute(item: TemplateValue, attr: TemplateValue): TemplateValue {
  const parts = typeof attr === 'string' ? attr.split('.') : [attr];
  let cur = item;
  for (const p of parts) {
    if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
    cur = memberLookup(cur, typeof p === 'string' && /^(0|[1-9][0-9]*)$/.test(p) ? Number(p) : p);
  }
  return cur;
}

function escapeHtml(s: string): string {
  return s.replace(/[&"'<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;' })[c]!);
}

function capitalize(v: TemplateValue): string {
  const s = toStr(normalize(v, ''));
  const low = s.toLowerCase();
  return low.charAt(0).toUpperCase() + low.slice(1);
}

function trim(v: TemplateValue): string {
  return needString('trim', v).replace(/^\s*|\s*$/g, '');
}

/** Sort order of two primitives as JavaScript's `<`/`>` see them (nunjucks' comparators). */
function order(x: TemplateValue, y: TemplateValue): number {
  const a = toPrimitive(x) as string | number;
  const c = toPrimitive(y) as string | number;
  return a < c ? -1 : a > c ? 1 : 0;
}

function replace(b: RenderBudget, v: TemplateValue, old: TemplateValue, repl: TemplateValue, maxCount: TemplateValue = -1): TemplateValue {
  let oldStr: string;
  if (typeof old === 'number') oldStr = String(old);
  else if (typeof old === 'string') oldStr = old;
  else return v;
  const str = typeof v === 'number' ? String(v) : v;
  if (typeof str !== 'string') return v;
  const with_ = toStr(repl);
  if (oldStr === '') return b.text(with_ + str.split('').join(with_) + with_);
  let next = str.indexOf(oldStr);
  if (maxCount === 0 || next === -1) return str;
  let out = '';
  let pos = 0;
  let count = 0;
  while (next > -1 && (maxCount === -1 || count < toNumber(maxCount))) {
    out = b.text(out + str.substring(pos, next) + with_);
    pos = next + oldStr.length;
    count++;
    next = str.indexOf(oldStr, pos);
  }
  if (pos < str.length) out += str.substring(pos);
  return b.text(out);
}

function jsonOf(v: TemplateValue, spaces: TemplateValue): string | undefined {
  // JSON.stringify only reads own data of plain values here (rows are parsed JSON); functions become null.
  const indent = typeof spaces === 'number' || typeof spaces === 'string' ? spaces : undefined;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'object' && x !== null && !isArray(x) && !isDict(x) ? null : x), indent);
}

function select(b: RenderBudget, v: TemplateValue, expected: boolean, test: TemplateValue, arg: TemplateValue): TemplateValue[] {
  const name = test === undefined ? 'truthy' : toStr(test);
  const list = isArray(v) ? v : typeof v === 'string' ? v.split('') : [];
  b.spend(list.length);
  return list.filter((item) => runTest(name, item, arg === undefined ? [] : [arg]) === expected);
}

const FILTERS: Record<string, FilterDef> = {
  abs: { params: [], fn: (_b, v) => Math.abs(toNumber(v)) },
  batch: {
    params: ['linecount', 'fill_with'],
    fn: (b, v, count, fill) => {
      const arr = toList(v);
      const n = toNumber(count);
      // Padding the last batch with fill_with adds up to `linecount` items: counted before they are made.
      b.spend(arr.length + (truthy(fill) && n > 0 ? n : 0));
      const res: TemplateValue[][] = [];
      let tmp: TemplateValue[] = [];
      for (let i = 0; i < arr.length; i++) {
        if (i % n === 0 && tmp.length) {
          res.push(tmp);
          tmp = [];
        }
        tmp.push(arr[i]);
      }
      if (tmp.length) {
        if (truthy(fill)) for (let i = tmp.length; i < n; i++) tmp.push(fill);
        res.push(tmp);
      }
      return res;
    },
  },
  capitalize: { params: [], fn: (_b, v) => capitalize(v) },
  center: {
    params: ['width'],
    fn: (b, v, width) => {
      const s = toStr(normalize(v, ''));
      const w = truthy(width) ? toNumber(width) : 80;
      if (s.length >= w) return s;
      const spaces = w - s.length;
      b.length(s.length + spaces);
      return ' '.repeat(Math.max(0, Math.ceil(spaces / 2 - (spaces % 2)))) + s + ' '.repeat(Math.max(0, Math.ceil(spaces / 2)));
    },
  },
  default: { params: ['default_value', 'boolean'], fn: (_b, v, def, bool) => (truthy(bool) ? (truthy(v) ? v : def) : v !== undefined ? v : def) },
  dictsort: {
    params: ['case_sensitive', 'by'],
    fn: (b, v, caseSensitive, by) => {
      if (!isDict(v)) throw new RenderError('dictsort filter: val must be an object');
      const si = by === undefined || by === 'key' ? 0 : by === 'value' ? 1 : -1;
      if (si < 0) throw new RenderError('dictsort filter: You can only sort by either key or value');
      const arr: TemplateValue[][] = dictKeys(v).map((k) => [k, memberLookup(v, k)]);
      b.spend(arr.length);
      const fold = (x: TemplateValue) => (!truthy(caseSensitive) && typeof x === 'string' ? x.toUpperCase() : x);
      return arr.sort((t1, t2) => {
        const x = fold(t1[si]);
        const y = fold(t2[si]);
        return (toPrimitive(x) as string) > (toPrimitive(y) as string) ? 1 : x === y ? 0 : -1;
      });
    },
  },
  dump: { params: ['spaces'], fn: (b, v, spaces) => b.text(jsonOf(v, spaces) ?? 'undefined') },
  escape: { params: [], fn: (b, v) => b.text(escapeHtml(toStr(v === null || v === undefined ? '' : v))) },
  first: { params: [], fn: (_b, v) => memberLookup(v, 0) },
  float: { params: ['default'], fn: (_b, v, def) => {
    const n = parseFloat(toStr(v));
    return Number.isNaN(n) ? def : n;
  } },
  forceescape: { params: [], fn: (b, v) => b.text(escapeHtml(toStr(v === null || v === undefined ? '' : v))) },
  indent: {
    params: ['width', 'first'],
    fn: (b, v, width, first) => {
      const s = toStr(normalize(v, ''));
      if (s === '') return '';
      const w = Math.max(0, truthy(width) ? toNumber(width) : 4) || 0;
      const lines = s.split('\n');
      b.spend(lines.length);
      b.length(s.length + w * lines.length);
      const sp = ' '.repeat(w);
      return b.text(lines.map((l, i) => (i === 0 && !truthy(first) ? l : sp + l)).join('\n'));
    },
  },
  int: { params: ['default', 'base'], fn: (_b, v, def, base) => {
    const n = parseInt(toStr(v), base === undefined ? 10 : toNumber(base));
    return Number.isNaN(n) ? def : n;
  } },
  join: {
    params: ['d', 'attribute'],
    fn: (b, v, del, attr) => {
      let arr = needArray('join', v);
      b.spend(arr.length);
      if (truthy(attr)) arr = arr.map((x) => attribute(x, attr));
      return b.text(arr.map((x) => (x === undefined || x === null ? '' : toStr(x))).join(truthy(del) ? toStr(del) : ''));
    },
  },
  last: { params: [], fn: (_b, v) => (typeof v === 'string' || isArray(v) ? memberLookup(v, v.length - 1) : undefined) },
  length: {
    params: [],
    fn: (_b, v) => {
      const x = normalize(v, '');
      if (isDict(x)) return dictKeys(x).length;
      return typeof x === 'string' || isArray(x) ? x.length : undefined;
    },
  },
  list: {
    params: [],
    fn: (b, v) => {
      if (typeof v === 'string') return (b.spend(v.length), v.split(''));
      if (isDict(v)) return dictKeys(v).map((k) => makeDict([['key', k], ['value', memberLookup(v, k)]]));
      if (isArray(v)) return v;
      throw new RenderError('list filter: type not iterable');
    },
  },
  lower: { params: [], fn: (_b, v) => toStr(normalize(v, '')).toLowerCase() },
  map: {
    params: ['attribute'],
    fn: (b, v, attr) => {
      const arr = needArray('map', v);
      if (attr === undefined) throw new RenderError('The filter "map" needs attribute=…; mapping with another filter is not supported.');
      b.spend(arr.length);
      return arr.map((x) => attribute(x, attr));
    },
  },
  max: { params: [], fn: (b, v) => extreme(b, v, 1) },
  min: { params: [], fn: (b, v) => extreme(b, v, -1) },
  nl2br: { params: [], fn: (b, v) => (v === null || v === undefined ? '' : b.text(toStr(v).replace(/\r\n|\n/g, '<br />\n'))) },
  reject: { params: ['test', 'arg'], fn: (b, v, test, arg) => select(b, v, false, test, arg) },
  rejectattr: { params: ['attribute'], fn: (b, v, attr) => (b.spend(needArray('rejectattr', v).length), (v as TemplateValue[]).filter((x) => !truthy(attribute(x, attr)))) },
  replace: { params: ['old', 'new', 'count'], fn: (b, v, old, repl, count) => replace(b, v, old, repl, count) },
  reverse: {
    params: [],
    fn: (b, v) => {
      const arr = toList(v);
      b.spend(arr.length);
      arr.reverse();
      return typeof v === 'string' ? arr.join('') : arr;
    },
  },
  round: {
    params: ['precision', 'method'],
    fn: (_b, v, precision, method) => {
      const factor = Math.pow(10, truthy(precision) ? toNumber(precision) : 0);
      const rounder = method === 'ceil' ? Math.ceil : method === 'floor' ? Math.floor : Math.round;
      return rounder(toNumber(v) * factor) / factor;
    },
  },
  safe: { params: [], fn: (_b, v) => toStr(v === null || v === undefined ? '' : v) },
  select: { params: ['test', 'arg'], fn: (b, v, test, arg) => select(b, v, true, test, arg) },
  selectattr: { params: ['attribute'], fn: (b, v, attr) => (b.spend(needArray('selectattr', v).length), (v as TemplateValue[]).filter((x) => truthy(attribute(x, attr)))) },
  slice: {
    params: ['slices', 'fill_with'],
    fn: (b, v, slices, fill) => {
      const arr = needArray('slice', v);
      const n = toNumber(slices);
      // One list per slice: a huge (or infinite) count exhausts the budget before any is made.
      b.spend(arr.length + (n > 0 ? n : 0));
      const size = Math.floor(arr.length / n);
      const extra = arr.length % n;
      const res: TemplateValue[][] = [];
      let offset = 0;
      for (let i = 0; i < n; i++) {
        const start = offset + i * size;
        if (i < extra) offset++;
        const part = arr.slice(start, offset + (i + 1) * size);
        if (truthy(fill) && i >= extra) part.push(fill);
        res.push(part);
      }
      return res;
    },
  },
  sort: {
    params: ['reverse', 'case_sensitive', 'attribute'],
    fn: (b, v, reversed, caseSens, attr) => {
      const arr = toList(v);
      b.spend(arr.length * Math.max(1, Math.ceil(Math.log2(arr.length + 1))));
      return arr.sort((a, c) => {
        let x = truthy(attr) ? attribute(a, attr) : a;
        let y = truthy(attr) ? attribute(c, attr) : c;
        if (truthy(attr) && (x === undefined || y === undefined)) throw new RenderError(`sort: attribute "${toStr(attr)}" resolved to undefined`);
        if (!truthy(caseSens) && typeof x === 'string' && typeof y === 'string') {
          x = x.toLowerCase();
          y = y.toLowerCase();
        }
        const o = order(x, y);
        return truthy(reversed) ? -o : o;
      });
    },
  },
  string: { params: [], fn: (_b, v) => {
    if (v === null || v === undefined) throw new RenderError(`The filter "string" cannot convert ${describe(v)}.`);
    return toStr(v);
  } },
  striptags: {
    params: ['preserve_linebreaks'],
    fn: (_b, v, keep) => {
      const s = trim(toStr(normalize(v, '')).replace(/<\/?([a-z][a-z0-9]*)\b[^>]*>|<!--[\s\S]*?-->/gi, ''));
      return truthy(keep) ? s.replace(/^ +| +$/gm, '').replace(/ +/g, ' ').replace(/(\r\n)/g, '\n').replace(/\n\n\n+/g, '\n\n') : s.replace(/\s+/gi, ' ');
    },
  },
  sum: {
    params: ['attribute', 'start'],
    fn: (b, v, attr, start = 0) => {
      let arr = toList(v);
      b.spend(arr.length);
      if (truthy(attr)) arr = arr.map((x) => attribute(x, attr));
      const total = arr.reduce<TemplateValue>((a, x) => {
        const r = add(a, x);
        return typeof r === 'string' ? b.text(r) : r;
      }, 0);
      return add(start, total);
    },
  },
  title: { params: [], fn: (_b, v) => toStr(normalize(v, '')).split(' ').map(capitalize).join(' ') },
  tojson: { params: ['indent'], fn: (b, v, spaces) => b.text(jsonOf(v, spaces) ?? 'undefined') },
  trim: { params: [], fn: (_b, v) => trim(v) },
  truncate: {
    params: ['length', 'killwords', 'end'],
    fn: (b, v, length, killwords, end) => {
      let s = toStr(normalize(v, ''));
      const n = truthy(length) ? toNumber(length) : 255;
      if (s.length <= n) return s;
      if (truthy(killwords)) s = s.substring(0, n);
      else {
        let idx = s.lastIndexOf(' ', n);
        if (idx === -1) idx = n;
        s = s.substring(0, idx);
      }
      return b.text(s + (end !== undefined && end !== null ? toStr(end) : '...'));
    },
  },
  unique: {
    params: [],
    fn: (b, v) => {
      const arr = toList(v);
      b.spend(arr.length);
      const seen = new Set<TemplateValue>();
      return arr.filter((x) => (seen.has(x) ? false : (seen.add(x), true)));
    },
  },
  upper: { params: [], fn: (_b, v) => toStr(normalize(v, '')).toUpperCase() },
  urlencode: {
    params: [],
    fn: (b, v) => {
      if (typeof v === 'string') return encodeURIComponent(v);
      const pairs = isArray(v) ? v : isDict(v) ? dictKeys(v).map((k) => [k, memberLookup(v, k)]) : [];
      b.spend(pairs.length);
      return b.text(pairs.map((p) => `${encodeURIComponent(toStr(memberLookup(p, 0)))}=${encodeURIComponent(toStr(memberLookup(p, 1)))}`).join('&'));
    },
  },
  wordcount: {
    params: [],
    fn: (_b, v) => {
      const s = toStr(normalize(v, ''));
      const words = s ? s.match(/\w+/g) : null;
      return words ? words.length : null;
    },
  },
};
FILTERS['d'] = FILTERS['default']!;
FILTERS['e'] = FILTERS['escape']!;

function extreme(b: RenderBudget, v: TemplateValue, sign: 1 | -1): TemplateValue {
  const arr = toList(v);
  b.spend(arr.length);
  let best: TemplateValue = undefined;
  for (const x of arr) if (best === undefined || order(x, best) * sign > 0) best = x;
  return best;
}

/** The names of every filter a template may use. */
export const FILTER_NAMES: ReadonlySet<string> = new Set(Object.keys(FILTERS));

/** Applies filter `name`; keyword arguments are matched to the filter's parameter names. */
export function applyFilter(b: RenderBudget, name: string, value: TemplateValue, args: TemplateValue[], kwargs: TemplateDict | undefined): TemplateValue {
  const def = Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
  if (!def) throw new RenderError(`The filter "${name}" is not available in templates.`, 'template/unsafe');
  const all = args.slice();
  if (kwargs) {
    for (const key of dictKeys(kwargs)) {
      const at = def.params.indexOf(key);
      if (at < 0) throw new RenderError(`The filter "${name}" has no argument "${key}"${def.params.length ? `; it takes ${def.params.join(', ')}` : ''}.`);
      while (all.length < at) all.push(undefined);
      all[at] = kwargs[key];
    }
  }
  b.spend();
  const out = def.fn(b, value, ...all);
  return typeof out === 'string' ? b.text(out) : out;
}
