// The filters a prompt template may use: an allow-list written against our value model (template-values.ts),
// each matching what nunjucks 3.2 outputs for the same input so prompts render byte for byte as before. A
// filter never calls a method on a template value and never returns a function; an argument of the wrong
// type is a render error. `min`, `max`, `unique`, `map` and `tojson` are not nunjucks filters; they follow
// Jinja, and `map` / `sort` / `sum` / `join` / `selectattr` read attributes through the same guarded lookup
// as `a.b`. A filter that is not listed here is refused before rendering (check-template-safety.ts).
import { escapeMarkup } from '../text/escape-markup';
import { describe, needString, normalize, type FilterDef } from './filter-support';
import { LIST_FILTERS } from './list-filters';
import type { RenderBudget } from './render-budget';
import {
  dictKeys, isArray, isDict, memberLookup, RenderError, toNumber, toStr, truthy,
  type TemplateDict, type TemplateValue,
} from './template-values';

function capitalize(v: TemplateValue): string {
  const s = toStr(normalize(v, ''));
  const low = s.toLowerCase();
  return low.charAt(0).toUpperCase() + low.slice(1);
}

function trim(v: TemplateValue): string {
  return needString('trim', v).replace(/^\s*|\s*$/g, '');
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

const FILTERS: Record<string, FilterDef> = {
  abs: { params: [], fn: (_b, v) => Math.abs(toNumber(v)) },
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
  dump: { params: ['spaces'], fn: (b, v, spaces) => b.text(jsonOf(v, spaces) ?? 'undefined') },
  escape: { params: [], fn: (b, v) => b.text(escapeMarkup(toStr(v === null || v === undefined ? '' : v))) },
  float: { params: ['default'], fn: (_b, v, def) => {
    const n = parseFloat(toStr(v));
    return Number.isNaN(n) ? def : n;
  } },
  forceescape: { params: [], fn: (b, v) => b.text(escapeMarkup(toStr(v === null || v === undefined ? '' : v))) },
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
  length: {
    params: [],
    fn: (_b, v) => {
      const x = normalize(v, '');
      if (isDict(x)) return dictKeys(x).length;
      return typeof x === 'string' || isArray(x) ? x.length : undefined;
    },
  },
  lower: { params: [], fn: (_b, v) => toStr(normalize(v, '')).toLowerCase() },
  nl2br: { params: [], fn: (b, v) => (v === null || v === undefined ? '' : b.text(toStr(v).replace(/\r\n|\n/g, '<br />\n'))) },
  replace: { params: ['old', 'new', 'count'], fn: (b, v, old, repl, count) => replace(b, v, old, repl, count) },
  round: {
    params: ['precision', 'method'],
    fn: (_b, v, precision, method) => {
      const factor = Math.pow(10, truthy(precision) ? toNumber(precision) : 0);
      const rounder = method === 'ceil' ? Math.ceil : method === 'floor' ? Math.floor : Math.round;
      return rounder(toNumber(v) * factor) / factor;
    },
  },
  safe: { params: [], fn: (_b, v) => toStr(v === null || v === undefined ? '' : v) },
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
  ...LIST_FILTERS,
};
FILTERS['d'] = FILTERS['default']!;
FILTERS['e'] = FILTERS['escape']!;

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
