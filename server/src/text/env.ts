// `${env:VAR}` and `${env:VAR:default}` references inside recipe strings (docs/recipe-format.md). References are found with
// their spans so the validator can warn at the exact `${env:…}` text, and resolution reports an unset variable
// as a problem instead of silently producing an empty string that would later surface as a confusing HTTP error.
import type { Problem, Result, Span } from '../problems/problem';

export interface EnvRef {
  name: string;
  /** The text after the second colon; undefined when the reference has no default. */
  fallback?: string;
  /** Span of the whole `${env:…}` text, relative to the string that was scanned. */
  span: Span;
}

export type EnvMap = Record<string, string | undefined>;

// Variable names follow the POSIX shell convention; the default is anything up to the closing brace.
const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

/** Every `${env:…}` reference in `text`, in order. */
export function findEnvRefs(text: string): EnvRef[] {
  const refs: EnvRef[] = [];
  for (const m of text.matchAll(ENV_REF)) {
    const start = m.index ?? 0;
    const ref: EnvRef = { name: m[1]!, span: { start, end: start + m[0].length } };
    if (m[2] !== undefined) ref.fallback = m[2];
    refs.push(ref);
  }
  return refs;
}

/**
 * Replaces every reference with the variable's value, or its default when the variable is unset (an empty
 * string counts as set, as in shells). An unset variable without default becomes an empty string plus a
 * `env/unset` warning whose span points at the reference inside `text`.
 */
export function resolveEnv(text: string, env: EnvMap): Result<string> {
  const problems: Problem[] = [];
  let out = '';
  let last = 0;
  for (const ref of findEnvRefs(text)) {
    out += text.slice(last, ref.span.start);
    const v = env[ref.name];
    if (v !== undefined) out += v;
    else if (ref.fallback !== undefined) out += ref.fallback;
    else {
      problems.push({
        code: 'env/unset',
        severity: 'warning',
        message: `The environment variable ${ref.name} is not set and the reference has no default; set it or write \${env:${ref.name}:default}.`,
        span: { ...ref.span },
        data: { variable: ref.name },
      });
    }
    last = ref.span.end;
  }
  out += text.slice(last);
  return { value: out, problems };
}
