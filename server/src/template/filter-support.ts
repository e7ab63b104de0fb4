// What the filters share: argument checks with clear messages, nunjucks' conversions (`normalize`, `lib.map`)
// and attribute reads for `sort(attribute=…)`, `join(…, attr)`, `map` and friends, which go through the same
// guarded lookup as `a.b` (template-values.ts), so a filter argument cannot name `constructor` either.
import type { RenderBudget } from './render-budget';
import { isArray, isDict, memberLookup, RenderError, toPrimitive, type TemplateValue } from './template-values';

export type Filter = (b: RenderBudget, v: TemplateValue, ...args: TemplateValue[]) => TemplateValue;

export interface FilterDef {
  /** Parameter names after the value, so keyword arguments (`sort(attribute='x')`) find their place. */
  params: string[];
  fn: Filter;
}

/** nunjucks' `normalize`: null, undefined and false become the default. */
export function normalize(v: TemplateValue, def: TemplateValue): TemplateValue {
  return v === null || v === undefined || v === false ? def : v;
}

export function needString(name: string, v: TemplateValue): string {
  if (typeof v !== 'string') throw new RenderError(`The filter "${name}" needs text, not ${describe(v)}.`);
  return v;
}

export function needArray(name: string, v: TemplateValue): TemplateValue[] {
  if (!isArray(v)) throw new RenderError(`The filter "${name}" needs a list, not ${describe(v)}.`);
  return v;
}

export function describe(v: TemplateValue): string {
  if (v === undefined) return 'an undefined value';
  if (v === null) return 'null';
  if (isArray(v)) return 'a list';
  if (typeof v === 'object') return isDict(v) ? 'an object' : 'a function';
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

/** nunjucks' `lib.map`: arrays are copied, anything with no length gives an empty list. */
export function toList(v: TemplateValue): TemplateValue[] {
  if (isArray(v)) return v.slice();
  if (typeof v === 'string') return v.split('');
  return [];
}

/** Reads `attr` (dotted path or index) the way nunjucks' `getAttrGetter` does, through the guarded lookup. */
export function attribute(item: TemplateValue, attr: TemplateValue): TemplateValue {
  const parts = typeof attr === 'string' ? attr.split('.') : [attr];
  let cur = item;
  for (const p of parts) {
    if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
    cur = memberLookup(cur, typeof p === 'string' && /^(0|[1-9][0-9]*)$/.test(p) ? Number(p) : p);
  }
  return cur;
}

/** Sort order of two primitives as JavaScript's `<`/`>` see them (nunjucks' comparators). */
export function order(x: TemplateValue, y: TemplateValue): number {
  const a = toPrimitive(x) as string | number;
  const c = toPrimitive(y) as string | number;
  return a < c ? -1 : a > c ? 1 : 0;
}
