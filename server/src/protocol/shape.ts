// A small guard library for the parameters of custom requests: each Shape checks an unknown value and returns
// the first mismatch as a sentence naming the field, or undefined when it fits. Guards check and never copy,
// so a field a shape does not list (a plain `apiKeys` the handler refuses on purpose) still reaches the
// handler. Hand-written instead of a schema dependency because the messages are small and few, and both the
// server's edge and the tests read them.

/** The mismatch as a sentence fragment (`"entry" must be a string`), or undefined when the value fits. */
export type Shape = (value: unknown, path: string) => string | undefined;

const quoted = (path: string) => `"${path}"`;

export const str: Shape = (v, p) => (typeof v === 'string' ? undefined : `${quoted(p)} must be a string`);

export const bool: Shape = (v, p) => (typeof v === 'boolean' ? undefined : `${quoted(p)} must be true or false`);

export const int: Shape = (v, p) => (typeof v === 'number' && Number.isInteger(v) ? undefined : `${quoted(p)} must be an integer`);

export const num: Shape = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${quoted(p)} must be a number`);

/** A work-done or progress token: LSP allows a string or an integer. */
export const token: Shape = (v, p) => (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? undefined : `${quoted(p)} must be a string or an integer`);

/** Anything: for fields whose content the handler checks itself (sealed keys are opened and checked there). */
export const any: Shape = () => undefined;

export function oneOf(...values: readonly string[]): Shape {
  return (v, p) => (typeof v === 'string' && values.includes(v) ? undefined : `${quoted(p)} must be one of ${values.map((x) => `"${x}"`).join(', ')}`);
}

/** An object with these fields; a field whose shape is wrapped in `optional` may be absent (or undefined). */
export function obj(fields: Record<string, Shape | Optional>): Shape {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p ? quoted(p) : 'the parameters'} must be an object`;
    const o = v as Record<string, unknown>;
    for (const [name, shape] of Object.entries(fields)) {
      const at = p ? `${p}.${name}` : name;
      const value = o[name];
      if (typeof shape === 'object') {
        if (value === undefined || value === null) continue;
        const wrong = shape.shape(value, at);
        if (wrong) return wrong;
      } else {
        if (value === undefined) return `${quoted(at)} is missing`;
        const wrong = shape(value, at);
        if (wrong) return wrong;
      }
    }
    return undefined;
  };
}

export interface Optional {
  shape: Shape;
}

export const optional = (shape: Shape): Optional => ({ shape });

/** A list whose every element has `shape`; the path names the first element that does not. */
export function listOf(shape: Shape): Shape {
  return (v, p) => {
    if (!Array.isArray(v)) return `${quoted(p)} must be a list`;
    for (let i = 0; i < v.length; i++) {
      const wrong = shape(v[i], `${p}[${i}]`);
      if (wrong) return wrong;
    }
    return undefined;
  };
}

/** `shape`, or null (a field the client clears on purpose, unlike an absent one). */
export function orNull(shape: Shape): Shape {
  return (v, p) => (v === null ? undefined : shape(v, p));
}
