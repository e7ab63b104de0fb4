// Regular expressions written in recipes (`regex:` extraction, synthesis `parse` and `accept`) run on RE2
// (the pure-JS port `re2js`), never on the JavaScript engine: a backtracking engine takes exponential time on
// patterns such as `^(a+)+$`, so one recipe line could freeze the language server or a run. RE2 matches in time
// linear in the text, and therefore has no backreferences or lookahead; a pattern using them gets a problem at
// the construct's position in the pattern (docs/recipe-format.md, "Regular expressions"). Patterns are written
// in JavaScript syntax and translated by re2js, so `\d`, `(?<name>…)`, `\u00e9` and the `i`, `m`, `s` flags
// mean what they mean in JavaScript.
import { RE2JS } from 're2js';
import type { Problem, Result, Span } from '../problems/problem';

/** One match: offsets into the searched text and every group's text (undefined when it took no part). */
export interface RegexMatch {
  start: number;
  end: number;
  /** Group texts; index 0 is the whole match. */
  groups: (string | undefined)[];
  /** Start offset of each group, -1 when it took no part. */
  groupStarts: number[];
}

/** The whole match, then each group's text; `index` is where the match starts. */
export type ExecResult = [string, ...(string | undefined)[]] & { index: number };

/** Longer patterns are refused: compiling costs time in their length, and no answer pattern needs this much. */
export const MAX_PATTERN_LENGTH = 4096;

/**
 * The most instructions a compiled pattern may have. RE2 is linear in the text, but its matcher steps through
 * every live instruction at each character, and a counted repeat `x{0,1000}` compiles to a thousand copies of
 * `x`: a pattern of such repeats took minutes on one model answer. Real answer patterns compile to 10–40
 * instructions; at this limit a 10 000-character answer is matched in well under a second.
 */
export const MAX_PROGRAM_SIZE = 500;

/** Patterns whose estimate exceeds this are refused without compiling, since compiling costs their size too. */
const MAX_ESTIMATE = 4 * MAX_PROGRAM_SIZE;

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, g: 0, u: 0 };

/** A compiled recipe pattern. Every method runs in time linear in the text searched. */
export class RecipeRegex {
  constructor(
    readonly source: string,
    private readonly re: RE2JS,
  ) {}

  /** Capture groups in the pattern (the whole match not counted). */
  get groupCount(): number {
    return this.re.groupCount();
  }

  /** Whether the pattern matches anywhere in `text`; the fastest path, as no group is tracked. */
  test(text: string): boolean {
    return this.re.test(text);
  }

  /** The leftmost match, shaped like `RegExp.prototype.exec`'s answer (group texts, then `index`). */
  exec(text: string): ExecResult | null {
    const m = this.first(text);
    return m ? Object.assign(m.groups as ExecResult, { index: m.start }) : null;
  }

  /** The leftmost match. */
  first(text: string): RegexMatch | null {
    const m = this.re.matcher(text);
    return m.find() ? this.read(m) : null;
  }

  /**
   * The last of the successive non-overlapping matches, as a JavaScript `g` loop would find them (after an
   * empty match the search moves on by one character).
   */
  last(text: string): RegexMatch | null {
    const m = this.re.matcher(text);
    let start = -1;
    while (m.find()) start = m.start();
    // Reading groups only once, at the last match, keeps long texts with many matches cheap.
    return start < 0 ? null : m.find(start) ? this.read(m) : null;
  }

  private read(m: ReturnType<RE2JS['matcher']>): RegexMatch {
    const groups: (string | undefined)[] = [];
    const groupStarts: number[] = [];
    for (let g = 0; g <= m.groupCount(); g++) {
      const text = m.group(g);
      groups.push(text ?? undefined);
      groupStarts.push(text === null ? -1 : m.start(g));
    }
    return { start: m.start(), end: m.end(), groups, groupStarts };
  }
}

function problem(message: string, span: Span, construct?: string): Problem {
  return { code: 'recipe/bad-regex', severity: 'error', message, span, ...(construct ? { data: { construct } } : {}) };
}

/** The offset just past the group opened at `open` (its matching `)`), or the pattern's end. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return source.length;
}

/**
 * Constructs RE2 cannot run in linear time, found in the JavaScript source so each is reported where it is
 * written. Lookbehind is not among them: re2js runs lookbehind without captures in linear time.
 */
function unsupported(source: string): Problem[] {
  const found: Problem[] = [];
  const why = 'RE2, the engine passk runs recipe patterns on so that matching takes linear time, cannot';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) {
        let end = i + 2;
        while (/[0-9]/.test(source[end] ?? '')) end++;
        found.push(problem(`The backreference ${source.slice(i, end)} is not supported: ${why} match text repeated from a group. Match the repeated part again with its own pattern instead.`, { start: i, end }, 'backreference'));
      } else if (!inClass && next === 'k' && source[i + 2] === '<') {
        const close = source.indexOf('>', i + 3);
        const end = close < 0 ? source.length : close + 1;
        found.push(problem(`The named backreference ${source.slice(i, end)} is not supported: ${why} match text repeated from a group. Match the repeated part again with its own pattern instead.`, { start: i, end }, 'backreference'));
      }
      i++;
    } else if (inClass) {
      inClass = c !== ']';
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && (source.startsWith('?=', i + 1) || source.startsWith('?!', i + 1))) {
      const kind = source[i + 2] === '=' ? 'lookahead' : 'negative lookahead';
      found.push(problem(`The ${kind} ${source.slice(i, i + 3)}…) is not supported: ${why} look ahead of the match. Match the following text as part of the pattern, or drop the condition.`, { start: i, end: groupEnd(source, i) }, 'lookahead'));
    }
  }
  return found;
}

/**
 * A rough upper estimate of the compiled size, read from the JavaScript source: one per atom, a group the sum
 * of its parts, and a counted repeat `{m,n}` as n copies of what it repeats (RE2's expansion). Returns the
 * estimate and the span of the counted repeat that first pushed it past the limit, so the problem points there.
 */
function estimateSize(source: string): { size: number; culprit?: Span } {
  const stack: Array<{ total: number; last: number }> = [{ total: 0, last: 0 }];
  let culprit: Span | undefined;
  const total = () => stack.reduce((sum, f) => sum + f.total, 0);
  for (let i = 0; i < source.length; i++) {
    const top = stack[stack.length - 1]!;
    const c = source[i];
    const atom = (cost: number) => {
      top.total += cost;
      top.last = cost;
    };
    if (c === '\\') {
      i++;
      atom(1);
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      atom(1);
    } else if (c === '(') {
      stack.push({ total: 0, last: 0 });
    } else if (c === ')' && stack.length > 1) {
      const inner = stack.pop()!;
      const outer = stack[stack.length - 1]!;
      outer.total += inner.total + 2;
      outer.last = inner.total + 2;
    } else if (c === '*' || c === '+' || c === '?' || c === '|') {
      top.total += 1;
    } else if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i, i + 16));
      if (!m) {
        atom(1);
        continue;
      }
      const copies = Math.max(1, Number(m[1]), Number(m[2] || 0));
      const grown = top.last * (copies - 1) + copies;
      top.total += grown;
      top.last += grown;
      if (!culprit && total() > MAX_ESTIMATE) culprit = { start: i, end: i + m[0].length };
      i += m[0].length - 1;
    } else {
      atom(1);
    }
  }
  return culprit ? { size: total(), culprit } : { size: total() };
}

/** The offending fragment re2js quotes in its message (`…`), located in the source when it occurs there. */
function syntaxSpan(source: string, message: string): Span {
  const quoted = /`([^`]*)`\s*$/.exec(message)?.[1];
  const at = quoted ? source.indexOf(quoted) : -1;
  return at >= 0 && quoted ? { start: at, end: at + quoted.length } : { start: 0, end: source.length };
}

const cache = new Map<string, Result<RecipeRegex | undefined>>();
const MAX_CACHE = 64;

/**
 * Compiles a recipe pattern with JavaScript-style `flags` (`i`, `m`, `s`; `g` and `u` change nothing).
 * Problem spans are offsets into `source`, for the caller to shift to where the pattern sits in the recipe.
 * Results are cached, because extraction compiles the same `regex:` mode for every sample it grades.
 */
export function compileRecipeRegex(source: string, flags = ''): Result<RecipeRegex | undefined> {
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = compile(source, flags);
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

function compile(source: string, flags: string): Result<RecipeRegex | undefined> {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { value: undefined, problems: [problem(`The regular expression is ${source.length} characters long; patterns are limited to ${MAX_PATTERN_LENGTH}.`, { start: 0, end: source.length })] };
  }
  let bits = RE2JS.LOOKBEHINDS;
  for (const f of flags) {
    const bit = FLAG_BITS[f];
    if (bit === undefined) return { value: undefined, problems: [problem(`The regular expression flag "${f}" is not supported; use i, m or s.`, { start: 0, end: source.length })] };
    bits |= bit;
  }
  const found = unsupported(source);
  if (found.length) return { value: undefined, problems: found };
  const estimate = estimateSize(source);
  if (estimate.size > MAX_ESTIMATE) {
    return { value: undefined, problems: [problem(`The regular expression expands to about ${estimate.size} instructions (counted repeats such as {0,1000} copy what they repeat); patterns are limited to ${MAX_PROGRAM_SIZE} so that matching stays fast. Use * or + instead of a large repeat count.`, estimate.culprit ?? { start: 0, end: source.length })] };
  }
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
    if (re.programSize() > MAX_PROGRAM_SIZE) {
      return { value: undefined, problems: [problem(`The regular expression compiles to ${re.programSize()} instructions (counted repeats such as {0,1000} copy what they repeat); patterns are limited to ${MAX_PROGRAM_SIZE} so that matching stays fast. Use * or + instead of a large repeat count.`, { start: 0, end: source.length })] };
    }
    return { value: new RecipeRegex(source, re), problems: [] };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const detail = raw.replace(/^error parsing regexp:\s*/, '');
    return { value: undefined, problems: [problem(`The regular expression does not compile: ${detail}.`, syntaxSpan(source, raw))] };
  }
}
