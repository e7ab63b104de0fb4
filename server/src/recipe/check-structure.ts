// Checks the shape of a recipe against the field table: unknown keys (with "did you mean"), missing required
// keys, wrong value types, numbers out of range and values outside an enum. It only reads the table, so a new
// field needs no new code here.
import { isAlias, type Node, type YAMLMap } from 'yaml';
import { didYouMean } from '../text/did-you-mean';
import type { Problem, Span } from '../problems/problem';
import { childFields, entryField, enumAllows, fieldAt, fieldKey, type FieldSpec, type PathSegment, type ValueType } from './fields';
import { deref, entries, isMap, isSeq, kindOf, type Kind, type YDoc } from './yaml-tree';

/** Dotted form of a concrete path for messages: `evaluate.gsm8k-7b.k[2]`. */
export function pathText(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const KIND_WORDS: Record<Kind, string> = {
  null: 'empty', string: 'a string', number: 'a number', boolean: 'a boolean', map: 'a mapping', seq: 'a list', other: 'an unsupported value',
};
const TYPE_WORDS: Record<ValueType, string> = {
  string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'a mapping', map: 'a mapping', array: 'a list',
};

function accepts(types: readonly ValueType[], kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return types.includes('string');
    case 'number':
      return types.includes('number') || (types.includes('integer') && Number.isInteger(value));
    case 'boolean':
      return types.includes('boolean');
    case 'map':
      return types.includes('object') || types.includes('map');
    case 'seq':
      return types.includes('array');
    default:
      return false;
  }
}

/** A value that passed the type check, for the checks that look at particular fields (regexes, env, k). */
export interface CheckedValue {
  path: PathSegment[];
  spec: FieldSpec;
  node: Node;
  kind: Kind;
  span: Span;
  keySpan: Span;
}

class StructureChecker {
  readonly values: CheckedValue[] = [];
  constructor(
    private readonly doc: YDoc,
    private readonly problems: Problem[],
  ) {}

  /** Checks the node written for `spec` at `path`; `keySpan` is its key (for missing-key spans below it). */
  value(raw: Node | null, path: PathSegment[], spec: FieldSpec, keySpan: Span, valueSpan: Span): void {
    const node = deref(raw, this.doc);
    const kind = kindOf(node);
    const where = pathText(path);
    if (kind === 'null') {
      // An empty section (`models:`) is what a user types first; it is valid and simply has no entries.
      if (spec.types.includes('map')) return;
      this.problems.push({
        code: 'recipe/wrong-type',
        severity: 'error',
        message: `"${where}" has no value; it expects ${spec.types.map((t) => TYPE_WORDS[t]).join(' or ')}.`,
        span: valueSpan.end > valueSpan.start ? valueSpan : keySpan,
        data: { path },
      });
      return;
    }
    const value = (node as { value?: unknown }).value;
    if (!accepts(spec.types, kind, value)) {
      const whole = kind === 'number' && spec.types.includes('integer') && !spec.types.includes('number');
      this.problems.push({
        code: 'recipe/wrong-type',
        severity: 'error',
        message: whole
          ? `"${where}" must be a whole number, not ${String(value)}.`
          : `"${where}" must be ${spec.types.map((t) => TYPE_WORDS[t]).join(' or ')}, but it is ${KIND_WORDS[kind]}.`,
        span: valueSpan,
        data: { path, expected: spec.types },
      });
      return;
    }
    this.values.push({ path, spec, node: node!, kind, span: valueSpan, keySpan });
    if (kind === 'number') this.range(value as number, spec, where, valueSpan, path);
    if ((kind === 'string' || kind === 'number') && !enumAllows(spec, value)) this.badEnum(value, spec, where, valueSpan, path);
    if (kind === 'map') this.mapping(node as YAMLMap, path, spec, keySpan);
    if (kind === 'seq' && isSeq(node)) {
      const item = entryField(path);
      node.items.forEach((it, i) => {
        const n = it as Node | null;
        const span = n?.range ? { start: n.range[0], end: n.range[1] } : valueSpan;
        if (item) this.value(n, [...path, i], item, span, span);
      });
    }
  }

  /**
   * Checks one named entry (`evaluate.gsm8k-7b`), reusing the result for the same node: the incremental
   * parser hands back the very node objects of entries whose text did not change, shifted in place, so their
   * problems and values are those of the last check moved by the same distance. Nodes of a fresh parse are
   * new objects and never hit.
   */
  private entry(raw: Node | null, path: PathSegment[], spec: FieldSpec, keySpan: Span, valueSpan: Span): void {
    const node = raw && !isAlias(raw) && raw.range ? raw : null;
    const hit = node ? entryMemo.get(node) : undefined;
    if (node && hit && hit.spec === spec && hit.key === path[path.length - 1] && hit.path === pathText(path.slice(0, -1))) {
      const delta = node.range![0] - hit.start;
      // Problems are copied even when nothing moved: the last version's result still holds the originals.
      for (const p of hit.problems) this.problems.push(shiftProblem(p, delta));
      for (const v of hit.values) this.values.push(delta ? { ...v, span: shiftSpan(v.span, delta), keySpan: shiftSpan(v.keySpan, delta) } : v);
      return;
    }
    const p0 = this.problems.length;
    const v0 = this.values.length;
    this.value(raw, path, spec, keySpan, valueSpan);
    if (node) {
      entryMemo.set(node, {
        spec, key: path[path.length - 1]!, path: pathText(path.slice(0, -1)), start: node.range![0],
        problems: this.problems.slice(p0), values: this.values.slice(v0),
      });
    }
  }

  private range(v: number, spec: FieldSpec, where: string, span: Span, path: PathSegment[]): void {
    const below = spec.min !== undefined && (spec.exclusiveMin ? v <= spec.min : v < spec.min);
    const above = spec.max !== undefined && v > spec.max;
    if (!below && !above && Number.isFinite(v)) return;
    const lo = spec.min === undefined ? '' : spec.exclusiveMin ? `above ${spec.min}` : `at least ${spec.min}`;
    const hi = spec.max === undefined ? '' : `at most ${spec.max}`;
    this.problems.push({
      code: 'recipe/out-of-range',
      severity: 'error',
      message: `"${where}" must be ${[lo, hi].filter(Boolean).join(' and ') || 'a finite number'}, but it is ${v}.`,
      span,
      data: { path, min: spec.min, max: spec.max },
    });
  }

  private badEnum(v: unknown, spec: FieldSpec, where: string, span: Span, path: PathSegment[]): void {
    if (spec.path === 'passk') {
      this.problems.push({ code: 'recipe/version', severity: 'error', message: `This passk understands recipe format version 1 only; "passk: ${String(v)}" is not supported.`, span, data: { suggestion: '1' } });
      return;
    }
    const options = (spec.enum ?? []).map(String);
    const suggestion = didYouMean(String(v), options);
    const forms = [...options, ...(spec.enumPrefixes ?? []).map((p) => `${p}…`)];
    this.problems.push({
      code: 'recipe/bad-enum',
      severity: 'error',
      message: `"${String(v)}" is not a valid value for "${where}"; use one of ${forms.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      span,
      data: { path, allowed: forms, ...(suggestion ? { suggestion } : {}) },
    });
  }

  mapping(map: YAMLMap, path: PathSegment[], spec: FieldSpec | undefined, keySpan: Span): void {
    const list = entries(map, this.problems);
    const isMapType = !spec || spec.types.includes('map');
    const fixed = childFields(path);
    if (spec && isMapType && !spec.types.includes('object')) {
      const entrySpec = entryField(path);
      const pattern = spec.keyPattern ? new RegExp(spec.keyPattern) : undefined;
      for (const e of list) {
        if (pattern && !pattern.test(e.key)) {
          this.problems.push({
            code: 'recipe/bad-key',
            severity: 'error',
            message: `"${e.key}" is not a valid key in "${pathText(path)}"; keys are ${spec.keyHint ?? `names matching ${spec.keyPattern}`}.`,
            span: e.keySpan,
            data: { path },
          });
          continue;
        }
        if (entrySpec) this.entry(e.value, [...path, e.key], entrySpec, e.keySpan, e.valueSpan);
      }
      return;
    }
    const known = new Set(fixed.map(fieldKey));
    for (const e of list) {
      const child = fieldAt([...path, e.key]);
      if (!child || !known.has(e.key)) {
        const suggestion = didYouMean(e.key, known);
        this.problems.push({
          code: 'recipe/unknown-key',
          severity: 'error',
          message: `"${e.key}" is not a known key ${path.length ? `in "${pathText(path)}"` : 'at the top level'}.${suggestion ? ` Did you mean "${suggestion}"?` : ` Known keys: ${[...known].join(', ')}.`}`,
          span: e.keySpan,
          data: { path, key: e.key, ...(suggestion ? { suggestion } : {}) },
        });
        continue;
      }
      this.value(e.value, [...path, e.key], child, e.keySpan, e.valueSpan);
    }
    const present = new Set(list.map((e) => e.key));
    for (const f of fixed) {
      const key = fieldKey(f);
      // An evaluation names its model, or a series of them (docs/recipe-format.md).
      const required = f.required || (f.path === 'evaluate.*.model' && !present.has('series'));
      if (!required || present.has(key)) continue;
      this.problems.push({
        code: 'recipe/missing-key',
        severity: 'error',
        message: path.length ? `"${pathText(path)}" needs the key "${key}".` : `The recipe needs the top-level key "${key}".`,
        span: keySpan,
        data: { missingKey: key, path },
      });
    }
  }
}

interface EntryResult {
  spec: FieldSpec;
  key: PathSegment;
  /** The section the entry was checked in, as text. */
  path: string;
  /** Where the entry's value node started then; the shift since is added to every span on reuse. */
  start: number;
  problems: Problem[];
  values: CheckedValue[];
}

/** Results by entry value node; held weakly, so they go with the parse trees that hold the nodes. */
const entryMemo = new WeakMap<Node, EntryResult>();

function shiftSpan(s: Span, delta: number): Span {
  return { start: s.start + delta, end: s.end + delta };
}

/** A copy of a problem moved by `delta` (related places in other files stay where they are). */
function shiftProblem(p: Problem, delta: number): Problem {
  const out: Problem = { ...p };
  if (p.span) out.span = shiftSpan(p.span, delta);
  if (p.related) out.related = p.related.map((r) => (r.file ? r : { ...r, span: shiftSpan(r.span, delta) }));
  return out;
}

/** Checks the whole document; problems are appended to `problems`. Returns every well-typed value. */
export function checkStructure(doc: YDoc, problems: Problem[]): CheckedValue[] {
  const root = deref(doc.contents as Node | null, doc);
  const kind = kindOf(root);
  const firstLine = { start: 0, end: 0 };
  if (kind === 'null') {
    // A whitespace- or comment-only file is not an error worth shouting about beyond the missing version.
    problems.push({ code: 'recipe/missing-key', severity: 'error', message: 'The recipe is empty; start it with "passk: 1".', span: firstLine, data: { missingKey: 'passk', path: [] } });
    return [];
  }
  if (!isMap(root)) {
    problems.push({ code: 'recipe/wrong-type', severity: 'error', message: `A recipe must be a YAML mapping (key: value lines), but this file holds ${KIND_WORDS[kind]}.`, span: { start: root!.range?.[0] ?? 0, end: root!.range?.[1] ?? 0 }, data: { path: [] } });
    return [];
  }
  const first = root.items[0]?.key as Node | undefined;
  const rootKey = first?.range ? { start: first.range[0], end: first.range[1] } : firstLine;
  const checker = new StructureChecker(doc, problems);
  checker.mapping(root, [], undefined, rootKey);
  return checker.values;
}
