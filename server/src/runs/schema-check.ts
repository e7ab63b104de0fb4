// A few hand-written shape checks for the run files passk reads back (run-file-schema.ts composes them). Each
// check returns undefined when the value fits, else the reason and the JSON path where it failed, which
// `reason` turns into e.g. `passAtK.1: expected a number from 0 to 1, got "<script>"`. The path is built only
// on failure, so checking a summary of thousands of rows costs little more than walking it. No dependency: the
// shapes are small and fixed.

export interface Failure {
  /** JSON path below the checked value ('' for the value itself). */
  path: string;
  message: string;
}

export type Check = (v: unknown) => Failure | undefined;

/** A failure at the checked value itself. */
export const fail = (message: string): Failure => ({ path: '', message });

/** The failure as one sentence fragment: `path: message`. */
export function reason(f: Failure): string {
  return f.path ? `${f.path}: ${f.message}` : f.message;
}

function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : String(v);
}

/** The failure `f` of a value found under `key` (an object key, or `[i]` for a list item). */
function under(key: string, f: Failure): Failure {
  return { path: !f.path ? key : f.path.startsWith('[') ? `${key}${f.path}` : `${key}.${f.path}`, message: f.message };
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str: Check = (v) => (typeof v === 'string' ? undefined : fail(`expected a string, got ${shown(v)}`));
export const bool: Check = (v) => (typeof v === 'boolean' ? undefined : fail(`expected true or false, got ${shown(v)}`));
export const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : fail(`expected a number, got ${shown(v)}`));
export const count: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : fail(`expected a whole number ≥ 0, got ${shown(v)}`));
/** A fraction in [0, 1] (a pass rate, an agreement). */
export const ratio: Check = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : fail(`expected a number from 0 to 1, got ${shown(v)}`));

export function literal(...values: unknown[]): Check {
  return (v) => (values.includes(v) ? undefined : fail(`expected ${values.map((x) => JSON.stringify(x)).join(' or ')}, got ${shown(v)}`));
}

export function pattern(re: RegExp, what: string): Check {
  return (v) => (typeof v === 'string' && re.test(v) ? undefined : fail(`expected ${what}, got ${shown(v)}`));
}

/** An ISO 8601 time as passk writes it (Date#toISOString). */
export const isoTime = pattern(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'an ISO time');

export function nullable(c: Check): Check {
  return (v) => (v === null ? undefined : c(v));
}

export function list(item: Check): Check {
  return (v) => {
    if (!Array.isArray(v)) return fail(`expected a list, got ${shown(v)}`);
    for (let i = 0; i < v.length; i++) {
      const e = item(v[i]);
      if (e) return under(`[${i}]`, e);
    }
    return undefined;
  };
}

/** An object used as a map: every value fits `value`; keys may optionally be constrained. */
export function record(value: Check, key?: RegExp): Check {
  return (v) => {
    if (!isObject(v)) return fail(`expected an object, got ${shown(v)}`);
    for (const k in v) {
      if (key && !key.test(k)) return fail(`unexpected key ${JSON.stringify(k)}`);
      const e = value(v[k]);
      if (e) return under(k, e);
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
  return (v) => {
    if (!isObject(v)) return fail(`expected an object, got ${shown(v)}`);
    for (const { key, optional, c } of entries) {
      const x = v[key];
      if (x === undefined) {
        if (optional) continue;
        return { path: key, message: 'missing' };
      }
      const e = c(x);
      if (e) return under(key, e);
    }
    return undefined;
  };
}
