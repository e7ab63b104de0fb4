// The filters over lists and mappings (`join`, `sort`, `selectattr`, `dictsort`, `batch`, …), with nunjucks
// 3.2's results; `map`, `min`, `max` and `unique` follow Jinja. Each charges the items it touches to the render
// budget, so a filter cannot do more work than the template could with a loop.
import { attribute, needArray, order, toList, type FilterDef } from './filter-support';
import type { RenderBudget } from './render-budget';
import { runTest } from './template-tests';
import {
  add, dictKeys, isArray, isDict, makeDict, memberLookup, RenderError, toNumber, toPrimitive, toStr, truthy, type TemplateValue,
} from './template-values';

function select(b: RenderBudget, v: TemplateValue, expected: boolean, test: TemplateValue, arg: TemplateValue): TemplateValue[] {
  const name = test === undefined ? 'truthy' : toStr(test);
  const list = isArray(v) ? v : typeof v === 'string' ? v.split('') : [];
  b.spend(list.length);
  return list.filter((item) => runTest(name, item, arg === undefined ? [] : [arg]) === expected);
}

function extreme(b: RenderBudget, v: TemplateValue, sign: 1 | -1): TemplateValue {
  const arr = toList(v);
  b.spend(arr.length);
  let best: TemplateValue = undefined;
  for (const x of arr) if (best === undefined || order(x, best) * sign > 0) best = x;
  return best;
}

export const LIST_FILTERS: Record<string, FilterDef> = {
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
  first: { params: [], fn: (_b, v) => memberLookup(v, 0) },
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
  list: {
    params: [],
    fn: (b, v) => {
      if (typeof v === 'string') return (b.spend(v.length), v.split(''));
      if (isDict(v)) return dictKeys(v).map((k) => makeDict([['key', k], ['value', memberLookup(v, k)]]));
      if (isArray(v)) return v;
      throw new RenderError('list filter: type not iterable');
    },
  },
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
  reject: { params: ['test', 'arg'], fn: (b, v, test, arg) => select(b, v, false, test, arg) },
  rejectattr: { params: ['attribute'], fn: (b, v, attr) => (b.spend(needArray('rejectattr', v).length), (v as TemplateValue[]).filter((x) => !truthy(attribute(x, attr)))) },
  reverse: {
    params: [],
    fn: (b, v) => {
      const arr = toList(v);
      b.spend(arr.length);
      arr.reverse();
      return typeof v === 'string' ? arr.join('') : arr;
    },
  },
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
  unique: {
    params: [],
    fn: (b, v) => {
      const arr = toList(v);
      b.spend(arr.length);
      const seen = new Set<TemplateValue>();
      return arr.filter((x) => (seen.has(x) ? false : (seen.add(x), true)));
    },
  },
};
