// A few hand-written shape checks for the run files passk reads back (run-file-schema.ts composes them). Each
// check returns undefined when the value fits, else a short reason naming the JSON path, e.g.
// `passAtK.1: expected a number or null, got "<script>"`. No dependency: the shapes are small and fixed.

export type Check = (v: unknown, at: string) => string | undefined;

function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : String(v);
}

const where = (at: string) => (at ? `${at}: ` : '');

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str: Check = (v, at) => (typeof v === 'string' ? undefined : `${where(at)}expected a string, got ${shown(v)}`);
export const bool: Check = (v, at) => (typeof v === 'boolean' ? undefined : `${where(at)}expected true or false, got ${shown(v)}`);
export const num: Check = (v, at) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${where(at)}expected a number, got ${shown(v)}`);
export const count: Check = (v, at) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : `${where(at)}expected a whole number ≥ 0, got ${shown(v)}`);
/** A fraction in [0, 1] (a pass rate, an agreement). */
export const ratio: Check = (v, at) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : `${where(at)}expected a number from 0 to 1, got ${shown(v)}`);

export function literal(...values: unknown[]): Check {
  return (v, at) => (values.includes(v) ? undefined : `${where(at)}expected ${values.map((x) => JSON.stringify(x)).join(' or ')}, got ${shown(v)}`);
}

export function pattern(re: RegExp, what: string): Check {
  return (v, at) => (typeof v === 'string' && re.test(v) ? undefined : `${where(at)}expected ${what}, got ${shown(v)}`);
}

/** An ISO 8601 time as passk writes it (Date#toISOString). */
export const isoTime = pattern(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'an ISO time');

export function nullable(c: Check): Check {
  return (v, at) => (v === null ? undefined : c(v, at));
}

export function list(item: Check): Check {
  return (v, at) => {
    if (!Array.isArray(v)) return `${where(at)}expected a list, got ${shown(v)}`;
    for (let i = 0; i < v.length; i++) {
      const e = item(v[i], `${at}[${i}]`);
      if (e) return e;
    }
    return undefined;
  };
}

/** An object used as a map: every value fits `value`; keys may optionally be constrained. */
export function record(value: Check, key?: RegExp): Check {
  return (v, at) => {
    if (!isObject(v)) return `${where(at)}expected an object, got ${shown(v)}`;
    for (const k of Object.keys(v)) {
      if (key && !key.test(k)) return `${where(at)}unexpected key ${JSON.stringify(k)}`;
      const e = value(v[k], at ? `${at}.${k}` : k);
      if (e) return e;
    }
    return undefined;
  };
}

/**
 * An object with the given fields (a `?` suffix marks an optional one). Extra fields are allowed, so a file
 * written by a newer passk with added fields stays readable.
 */
export function shape(fields: Record<string, Check>): Check {
  const entries = Object.entries(fields).map(([k, c]) => ({ key: k.endsWith('?') ? k.slice(0, -1) : k, optional: k.endsWith('?'), c }));
  return (v, at) => {
    if (!isObject(v)) return `${where(at)}expected an object, got ${shown(v)}`;
    for (const { key, optional, c } of entries) {
      const sub = at ? `${at}.${key}` : key;
      if (!(key in v) || v[key] === undefined) {
        if (optional) continue;
        return `${sub}: missing`;
      }
      const e = c(v[key], sub);
      if (e) return e;
    }
    return undefined;
  };
}
