// Parsing recipe text into the `yaml` package's node tree, keeping offsets, plus small accessors the checks
// share. YAML errors become positioned problems; nothing here throws on user input.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Problem, Span } from '../problems/problem';
import { recipeLimitProblem } from './recipe-limits';

export type YDoc = Document.Parsed;
export type Kind = 'null' | 'string' | 'number' | 'boolean' | 'map' | 'seq' | 'other';

export interface Entry {
  key: string;
  keySpan: Span;
  /** The value node; null for `key:` with nothing after it. */
  value: Node | null;
  /** Span of the value, or an empty span just after the key when there is no value. */
  valueSpan: Span;
  pair: Pair;
}

export interface ParsedYaml {
  doc: YDoc;
  problems: Problem[];
}

/** Messages of the YAML parser that speak to programmers, restated for recipe authors. */
const RESTATED: Record<string, string> = {
  MULTIPLE_DOCS: 'A recipe is one YAML document; remove the second "---" section or move it to its own file.',
  TAB_AS_INDENT: 'YAML does not allow tabs for indentation; indent with spaces.',
  BLOCK_AS_IMPLICIT_KEY: 'A mapping cannot start on the same line as its key; put "key: value" on its own, more indented line.',
};

/** yaml's messages carry "at line …" context for terminals; the span already says where, so it is cut. */
function cleanMessage(m: string, code?: string): string {
  if (code && RESTATED[code]) return RESTATED[code]!;
  const first = m.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export function parseYaml(text: string): ParsedYaml {
  // Past the recipe limits (recipe-limits.ts) the tree is empty: features that parse on demand (completion,
  // hover) must not pay for a text the analysis refused.
  const limit = recipeLimitProblem(text);
  if (limit) return { doc: parseDocument('', { keepSourceTokens: false }), problems: [limit] };
  // Duplicate keys are found by our own linear pass (see `entries`): yaml's built-in check is quadratic in
  // the number of keys, which makes a large recipe take minutes.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const problems: Problem[] = [];
  // yaml reports errors at the end of input one past the last character; clamp so spans stay inside the text
  // and still cover a character the editor can underline.
  const clamp = (pos: [number, number]): Span => {
    let start = Math.max(0, Math.min(pos[0], text.length));
    const end = Math.max(start, Math.min(pos[1], text.length));
    if (start === end && start === text.length && start > 0) start--;
    return { start, end };
  };
  for (const e of doc.errors) {
    problems.push({
      code: 'recipe/yaml-syntax',
      severity: 'error',
      message: `YAML syntax error: ${cleanMessage(e.message, e.code)}`,
      span: clamp(e.pos),
      data: { yamlCode: e.code },
    });
  }
  for (const w of doc.warnings) {
    problems.push({ code: 'recipe/yaml-warning', severity: 'warning', message: `YAML: ${cleanMessage(w.message)}`, span: clamp(w.pos), data: { yamlCode: w.code } });
  }
  return { doc, problems };
}

export function spanOf(node: Node | null | undefined, fallback: Span = { start: 0, end: 0 }): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** Follows an alias to the node it names (once; yaml itself limits alias expansion). */
export function deref(node: Node | null | undefined, doc: YDoc): Node | null {
  if (!node) return null;
  if (isAlias(node)) {
    try {
      return (node.resolve(doc) as Node | undefined) ?? null;
    } catch {
      return null;
    }
  }
  return node;
}

export function kindOf(node: Node | null): Kind {
  if (!node) return 'null';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return 'string';
    if (typeof v === 'number') return 'number';
    if (typeof v === 'boolean') return 'boolean';
  }
  return 'other';
}

/**
 * The entries of a mapping with string keys. A repeated key is reported (`recipe/duplicate-key`, at the later
 * key, with the first as related information) and only the first occurrence is returned; non-string keys are
 * reported as `recipe/bad-key`.
 */
export function entries(map: YAMLMap, problems: Problem[] | undefined): Entry[] {
  const out: Entry[] = [];
  const seen = new Map<string, Span>();
  for (const pair of map.items as Pair[]) {
    const k = pair.key as Node | null;
    const keySpan = spanOf(k, spanOf(pair.value as Node | null));
    if (!isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number' && typeof k.value !== 'boolean')) {
      problems?.push({ code: 'recipe/bad-key', severity: 'error', message: 'Keys in a recipe must be plain names.', span: keySpan });
      continue;
    }
    const key = String(k.value);
    const first = seen.get(key);
    if (first) {
      problems?.push({
        code: 'recipe/duplicate-key',
        severity: 'error',
        message: `The key "${key}" appears more than once here; only the first one is used.`,
        span: keySpan,
        related: [{ message: `"${key}" is first defined here.`, span: first }],
        data: { key },
      });
      continue;
    }
    seen.set(key, keySpan);
    const value = (pair.value as Node | null) ?? null;
    const valueSpan = value?.range ? spanOf(value) : { start: keySpan.end, end: keySpan.end };
    out.push({ key, keySpan, value, valueSpan, pair });
  }
  return out;
}

export { isMap, isScalar, isSeq };
