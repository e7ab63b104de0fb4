// Checks on individual values that the type table cannot express: regular expressions that RE2 cannot run,
// unset `${env:…}` variables, `k` above `samples`, and several samples drawn greedily.
import type { Node } from 'yaml';
import { findEnvRefs, resolveEnv, type EnvMap } from '../text/env';
import { compileRecipeRegex } from '../text/recipe-regex';
import type { Problem, Span } from '../problems/problem';
import { docSpan, scalarTemplateSource, type ScalarStyle } from '../template/template-source';
import type { CheckedValue } from './check-structure';
import { pathText } from './check-structure';
import { fieldAt, type PathSegment } from './fields';
import type { TemplateSource } from './model';
import { isScalar } from './yaml-tree';

function sourceOf(text: string, node: Node): TemplateSource | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  return scalarTemplateSource(text, node.range[0], node.range[1], (node.type ?? 'PLAIN') as ScalarStyle, node.value);
}

function regexProblems(text: string, values: readonly CheckedValue[], problems: Problem[]): void {
  for (const v of values) {
    if (!v.spec.regex || v.kind !== 'string') continue;
    const value = (v.node as { value: string }).value;
    // Extraction modes embed a pattern after `regex:`; the other regex fields are patterns as a whole.
    const offset = v.spec.enum ? (value.startsWith('regex:') ? 'regex:'.length : -1) : 0;
    if (offset < 0) continue;
    // Patterns are compiled the way the runs compile them: on RE2, through the one door in text/recipe-regex.
    const compiled = compileRecipeRegex(value.slice(offset));
    if (!compiled.problems.length) continue;
    const src = sourceOf(text, v.node);
    for (const p of compiled.problems) {
      const start = offset + (p.span?.start ?? 0);
      const end = offset + (p.span?.end ?? value.length - offset);
      problems.push({
        ...p,
        message: `In "${pathText(v.path)}": ${p.message}`,
        span: src ? docSpan(src, start, end) : v.span,
        data: { ...p.data, path: v.path },
      });
    }
  }
}

function envProblems(text: string, values: readonly CheckedValue[], env: EnvMap, problems: Problem[]): void {
  for (const v of values) {
    if (v.kind !== 'string') continue;
    const value = (v.node as { value: string }).value;
    if (!value.includes('${env:')) continue;
    const refs = findEnvRefs(value).filter((r) => r.fallback === undefined && env[r.name] === undefined);
    if (!refs.length) continue;
    const src = sourceOf(text, v.node);
    for (const r of refs) {
      problems.push({
        code: 'env/unset',
        severity: 'warning',
        message: `The environment variable ${r.name} is not set and "${pathText(v.path)}" gives no default; set it or write \${env:${r.name}:default}.`,
        span: src ? docSpan(src, r.span.start, r.span.end) : v.span,
        data: { variable: r.name },
      });
    }
  }
}

/**
 * Numbers written at a path, indexed by the dotted path, for the cross-field checks. Only `…samples` and
 * `…temperature` are ever looked up, and a dotted path can only end so when its last key does, so the
 * others are not indexed (building every path's text was most of this check's time).
 */
function numbersByPath(values: readonly CheckedValue[]): Map<string, { value: number; span: Span }> {
  const m = new Map<string, { value: number; span: Span }>();
  for (const v of values) {
    const last = v.path[v.path.length - 1];
    if (v.kind !== 'number' || typeof last !== 'string' || !(last.endsWith('samples') || last.endsWith('temperature'))) continue;
    m.set(pathText(v.path), { value: (v.node as { value: number }).value, span: v.span });
  }
  return m;
}

/** `pathText(path.slice(0, 2))`, without building the slice: it runs for every `k` and `expect` value. */
function entryText(path: readonly PathSegment[]): string {
  const [a, b] = path as [PathSegment, PathSegment];
  return `${typeof a === 'number' ? `[${a}]` : a}${typeof b === 'number' ? `[${b}]` : `.${b}`}`;
}

function samplingProblems(values: readonly CheckedValue[], problems: Problem[]): void {
  const nums = numbersByPath(values);
  const entries = new Set<string>();
  // The values below each evaluation, grouped once: scanning every value for every entry made this check
  // quadratic, the largest cost of analysing a recipe with hundreds of evaluations.
  const inEvaluation = new Map<string, CheckedValue[]>();
  for (const v of values) {
    if (v.path[0] === 'evaluate' && v.path.length === 2) entries.add(pathText(v.path));
    if (v.path[0] === 'synthesize' && v.path.length === 3 && v.path[2] === 'solve') entries.add(pathText(v.path));
    if (v.path.length >= 3 && (v.path[2] === 'expect' || v.path[2] === 'k')) {
      const base = entryText(v.path);
      const list = inEvaluation.get(base);
      if (list) list.push(v);
      else inEvaluation.set(base, [v]);
    }
  }
  for (const base of entries) {
    const samples = nums.get(`${base}.samples`)?.value ?? 1;
    const temp = nums.get(`${base}.temperature`);
    if (temp && temp.value === 0 && samples > 1) {
      problems.push({
        code: 'recipe/greedy-samples',
        severity: 'warning',
        message: `"${base}" draws ${samples} samples at temperature 0: greedy decoding makes them all the same, so pass@k equals pass@1. Raise the temperature or use samples: 1.`,
        span: temp.span,
        data: { samples },
      });
    }
    if (!base.startsWith('evaluate')) continue;
    const own = inEvaluation.get(base) ?? [];
    for (const v of own) {
      // `expect: { pass@64: … }` needs 64 samples just like `k: [64]` does.
      const m = v.path.length === 4 && v.path[2] === 'expect' ? /@(\d+)$/.exec(String(v.path[3])) : null;
      if (m && Number(m[1]) > samples) {
        problems.push({
          code: 'recipe/k-above-samples',
          severity: 'error',
          message: `The expectation ${String(v.path[3])} needs at least ${m[1]} samples per problem, but "${base}" draws ${samples}. Lower k or raise samples.`,
          span: v.keySpan,
          data: { k: Number(m[1]), samples },
        });
      }
    }
    // A summary holds pass@k and maj@k for the entry's k values only, so an expectation on another k could never
    // be met; it is refused here, before any request, rather than failing every run.
    const listed = own.filter((v) => v.kind === 'number' && v.path[2] === 'k').map((v) => (v.node as { value: number }).value);
    const ks = new Set(own.some((v) => v.path[2] === 'k') ? listed : ((fieldAt(['evaluate', '_', 'k'])?.default as number[] | undefined) ?? [1]));
    for (const v of own) {
      const m = v.path.length === 4 && v.path[2] === 'expect' ? /^(?:pass|maj)@(\d+)$/.exec(String(v.path[3])) : null;
      if (!m || Number(m[1]) > samples || ks.has(Number(m[1]))) continue;
      problems.push({
        code: 'recipe/expect-not-in-k',
        severity: 'error',
        message: `The expectation ${String(v.path[3])} is not among the k values "${base}" reports (${[...ks].join(', ')}), so it could never be met. Add ${m[1]} to k.`,
        span: v.keySpan,
        data: { k: Number(m[1]) },
      });
    }
    for (const v of own) {
      if (v.kind !== 'number' || v.path[2] !== 'k') continue;
      const k = (v.node as { value: number }).value;
      if (k > samples) {
        problems.push({
          code: 'recipe/k-above-samples',
          severity: 'error',
          message: `The k value ${k} is above samples: "${base}" draws ${samples} per problem, and pass@${k} needs at least ${k}. Lower k or raise samples.`,
          span: v.span,
          data: { k, samples },
        });
      }
    }
  }
}

/**
 * An API key written into the recipe would end up in version control and in every copy of the file; keys
 * belong in the environment. The message never repeats the value.
 */
function secretProblems(values: readonly CheckedValue[], problems: Problem[]): void {
  for (const v of values) {
    if (v.kind !== 'string') continue;
    const isKey = v.spec.path === 'models.*.apiKey';
    const isAuthHeader = v.spec.path === 'models.*.headers.*' && /^(authorization|api-key|x-api-key)$/i.test(String(v.path[v.path.length - 1]));
    if (!isKey && !isAuthHeader) continue;
    const value = (v.node as { value: string }).value;
    if (value.includes('${env:') || value.trim() === '') continue;
    problems.push({
      code: 'recipe/literal-secret',
      severity: 'warning',
      message: `"${pathText(v.path)}" holds a secret written into the file; use \${env:VAR} and set the variable in your environment instead.`,
      span: v.span,
      data: { path: v.path },
    });
  }
}

/**
 * A model's baseUrl must be an http(s) URL without a user name or password: fetch refuses URLs with
 * credentials, and a run would otherwise retry them as connection failures. The message never repeats the
 * value, which may hold a resolved `${env:…}` secret. A value that is no URL only because an unset variable
 * left it empty is the env check's concern.
 */
function urlProblems(values: readonly CheckedValue[], env: EnvMap, problems: Problem[]): void {
  for (const v of values) {
    if (v.kind !== 'string' || (v.spec.path !== 'models.*.baseUrl' && v.spec.path !== 'models.*.baseUrl[]')) continue;
    const raw = (v.node as { value: string }).value;
    const resolved = resolveEnv(raw, env);
    if (resolved.problems.length) continue;
    let why: string | undefined;
    try {
      const url = new URL(resolved.value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') why = 'must start with http:// or https://';
      else if (url.username || url.password) why = 'holds a user name or password, which requests refuse; give the key in apiKey (or headers) instead';
    } catch {
      why = 'is not a URL; write it in full, like https://api.openai.com/v1';
    }
    if (why) problems.push({ code: 'recipe/bad-url', severity: 'error', message: `"${pathText(v.path)}" ${why}.`, span: v.span, data: { path: v.path } });
  }
}

export function checkValues(text: string, values: readonly CheckedValue[], env: EnvMap, problems: Problem[]): void {
  regexProblems(text, values, problems);
  envProblems(text, values, env, problems);
  samplingProblems(values, problems);
  secretProblems(values, problems);
  urlProblems(values, env, problems);
}
