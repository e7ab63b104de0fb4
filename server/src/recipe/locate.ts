// Where the cursor is in a recipe, in terms of the field table: the LSP asks this before completing, hovering
// or jumping. Block YAML being typed is often invalid (a half-written key on its own line), so lines that hold
// only a key being typed, or `key: value-being-typed`, are read by indentation; everything else (flow
// mappings, quoted and multi-line values) is found in the tolerant `yaml` tree.
import type { Node } from 'yaml';
import type { Span } from '../problems/problem';
import { fieldAt, type FieldSpec, type PathSegment } from './fields';
import { isMap, isScalar, isSeq, parseYaml, type YDoc } from './yaml-tree';

export interface Location {
  /** Path of the mapping or list that contains the cursor (`['models', 'teacher']`). */
  parent: PathSegment[];
  /** The key under the cursor or being typed ('' on an empty key position); undefined inside a list item value. */
  key?: string;
  /** True when the cursor is on a key or where a new key would go; false on a value. */
  inKey: boolean;
  /** `parent` plus `key` (or the list index) when there is one: the path of the field at the cursor. */
  path: PathSegment[];
  /** Span of the key (when `inKey`) or of the value under the cursor, when there is text there. */
  span?: Span;
  /** The text of the token under the cursor from its start up to the cursor (what completion filters by). */
  prefix: string;
  /** The top-level section (`models`, `evaluate`, …) or top-level key the cursor is in. */
  section?: string;
  /** The named entry (e.g. `gsm8k-7b`) when the cursor is inside one of the named sections. */
  entry?: string;
  /** The field table entry for `path`, if any. */
  field?: FieldSpec;
}

const NAMED_SECTIONS = new Set(['models', 'datasets', 'prompts', 'synthesize', 'evaluate']);

function finish(loc: Omit<Location, 'section' | 'entry' | 'field'>): Location {
  const out: Location = { ...loc };
  const first = loc.path[0] ?? loc.parent[0];
  if (typeof first === 'string') out.section = first;
  const second = loc.path[1] ?? loc.parent[1];
  if (out.section && NAMED_SECTIONS.has(out.section) && typeof second === 'string' && (loc.path.length > 2 || loc.parent.length >= 2 || !loc.inKey)) out.entry = second;
  else if (out.section && NAMED_SECTIONS.has(out.section) && loc.path.length === 2 && loc.inKey && loc.key) out.entry = loc.key;
  const field = fieldAt(loc.path);
  if (field) out.field = field;
  return out;
}

interface LineInfo {
  text: string;
  start: number;
  /** Column where the key starts (after any `- ` list markers). */
  indent: number;
  /** Number of `- ` markers before the key. */
  dashes: number;
  /** Leading whitespace width (before any dash). */
  lead: number;
  /** The key when the line is `key:` or `key: value`. */
  key?: string;
  keyStart?: number;
  /** Offset (in the line) just after the colon. */
  colon?: number;
  blank: boolean;
}

const KEY_LINE = /^([^\s#'"{[\]}:,][^#:]*?)\s*:(?=\s|$)/;

function lineInfo(text: string, start: number): LineInfo {
  let i = 0;
  while (text[i] === ' ') i++;
  const lead = i;
  let dashes = 0;
  while (text[i] === '-' && (text[i + 1] === ' ' || i + 1 === text.length)) {
    dashes++;
    i++;
    while (text[i] === ' ') i++;
  }
  const rest = text.slice(i);
  const info: LineInfo = { text, start, indent: i, lead, dashes, blank: rest.trim() === '' || rest.trimStart().startsWith('#') };
  const m = KEY_LINE.exec(rest);
  if (m) {
    info.key = m[1]!;
    info.keyStart = i;
    info.colon = i + m[0].length;
  }
  return info;
}

/** One line of the text: `end` is just past its last character, before any `\r\n`. */
interface Line {
  start: number;
  end: number;
}

function lineEnd(text: string, start: number, nl: number): number {
  return nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** The line holding `offset`. Lines are found around the cursor, never by splitting the whole text. */
function lineAround(text: string, offset: number): Line {
  const start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, end: lineEnd(text, start, nl < 0 ? text.length : nl) };
}

/** The line before `line`, or undefined at the first line. */
function lineBefore(text: string, line: Line): Line | undefined {
  if (line.start === 0) return undefined;
  const nl = line.start - 1;
  const start = nl === 0 ? 0 : text.lastIndexOf('\n', nl - 1) + 1;
  return { start, end: lineEnd(text, start, nl) };
}

/** Leading spaces of `line`, counted only up to `limit` (a line indented that far is never a parent). */
function leadUpTo(text: string, line: Line, limit: number): number {
  let i = 0;
  while (i < limit && line.start + i < line.end && text.charCodeAt(line.start + i) === 32) i++;
  return i;
}

const infoOf = (text: string, line: Line): LineInfo => lineInfo(text.slice(line.start, line.end), line.start);

/**
 * How many list items at column `lead` come before `line` in the same list. Lines indented past `lead` are
 * passed over by their leading spaces alone, so a long list item costs no parsing of its lines.
 */
function itemIndex(text: string, line: Line, lead: number): number {
  let n = 0;
  for (let l = lineBefore(text, line); l; l = lineBefore(text, l)) {
    if (leadUpTo(text, l, lead + 1) > lead) continue;
    const info = infoOf(text, l);
    if (info.blank) continue;
    if (info.lead < lead) break;
    if (info.dashes > 0 && info.lead === lead) n++;
  }
  return n;
}

/**
 * The path of the block that a line belongs to, read from indentation: walking up, each line whose key starts
 * left of the current column is a parent; a `- ` marker left of it makes the content a list item. A line
 * indented at least as far as the current column can be neither, so it is passed over by its leading spaces
 * alone: completing the last entry of a 20 000-line section walks up to the section's header cheaply.
 */
function blockPath(text: string, line: Line, here: LineInfo): PathSegment[] {
  const path: PathSegment[] = [];
  let col = here.indent;
  if (here.dashes > 0) {
    path.unshift(itemIndex(text, line, here.lead));
    col = here.lead;
  }
  for (let l = lineBefore(text, line); l && col > 0; l = lineBefore(text, l)) {
    if (leadUpTo(text, l, col) >= col) continue;
    const info = infoOf(text, l);
    if (info.blank) continue;
    if (info.dashes > 0 && info.lead < col && info.indent >= col) {
      // A sibling key on the first line of the same list item: `- model: x` above `  prompt: …`.
      path.unshift(itemIndex(text, l, info.lead));
      col = info.lead;
      continue;
    }
    if (info.indent >= col) continue;
    if (info.key !== undefined) path.unshift(info.key);
    if (info.dashes > 0) {
      path.unshift(itemIndex(text, l, info.lead));
      col = info.lead;
    } else col = info.indent;
  }
  return path;
}

function fromIndentation(text: string, offset: number): Location | undefined {
  const line = lineAround(text, offset);
  const col = offset - line.start;
  const before = text.slice(line.start, offset);
  const info = lineInfo(text.slice(line.start, line.end), line.start);
  // Only a partial key (no colon yet) on the line: a key is being typed.
  const partial = /^(\s*)((?:-\s+)*)([^\s:#{}[\],'"]*)$/.exec(before);
  if (partial && !text.slice(offset, line.end).includes(':')) {
    const indent = partial[1]!.length + partial[2]!.length;
    const parent = blockPath(text, line, { ...info, indent, dashes: partial[2]!.length ? 1 : 0, lead: partial[1]!.length });
    const key = partial[3]!;
    const keyStart = line.start + indent;
    // `- 8` in a list of numbers or names is a value being typed, not a key: the table says which.
    const itemSpec = partial[2]!.length ? fieldAt(parent) : undefined;
    if (itemSpec && !itemSpec.types.includes('object') && !itemSpec.types.includes('map')) {
      return finish({ parent: parent.slice(0, -1), inKey: false, path: parent, ...(key ? { span: { start: keyStart, end: keyStart + key.length } } : {}), prefix: key });
    }
    return finish({ parent, key, inKey: true, path: key ? [...parent, key] : parent, span: { start: keyStart, end: keyStart + key.length }, prefix: key });
  }
  if (info.key !== undefined && info.colon !== undefined && col >= info.keyStart! && col < info.colon) {
    const parent = blockPath(text, line, info);
    const ks = line.start + info.keyStart!;
    return finish({ parent, key: info.key, inKey: true, path: [...parent, info.key], span: { start: ks, end: ks + info.key.length }, prefix: text.slice(ks, offset) });
  }
  if (info.key !== undefined && info.colon !== undefined && col >= info.colon) {
    const valueText = text.slice(line.start + info.colon, offset);
    // Flow collections and quoted values are left to the YAML tree, which knows their structure.
    if (/^\s*[[{"']/.test(valueText)) return undefined;
    const parent = blockPath(text, line, info);
    const vStart = line.start + info.colon + (valueText.length - valueText.trimStart().length);
    const rest = text.slice(vStart, line.end).replace(/\s+#.*$/, '').trimEnd();
    return finish({
      parent, key: info.key, inKey: false, path: [...parent, info.key],
      ...(rest ? { span: { start: vStart, end: vStart + rest.length } } : {}),
      prefix: text.slice(vStart, Math.max(vStart, offset)),
    });
  }
  return undefined;
}

function within(r: readonly number[] | null | undefined, offset: number): r is [number, number, number] {
  return !!r && offset >= (r[0] ?? Infinity) && offset <= (r[1] ?? -Infinity);
}

function fromTree(doc: YDoc, text: string, offset: number): Location {
  let node = doc.contents as Node | null;
  const path: PathSegment[] = [];
  for (let depth = 0; node && depth < 64; depth++) {
    if (isMap(node)) {
      let next: Node | null = null;
      for (const pair of node.items) {
        const k = pair.key as Node | null;
        const v = pair.value as Node | null;
        const key = isScalar(k) ? String(k.value) : '';
        if (k && within(k.range, offset)) {
          const span = { start: k.range![0], end: k.range![1] };
          return finish({ parent: path, key, inKey: true, path: [...path, key], span, prefix: text.slice(span.start, offset) });
        }
        if (v && within(v.range, offset)) {
          path.push(key);
          next = v;
          break;
        }
      }
      if (!next) return finish({ parent: path, key: '', inKey: true, path: [...path], prefix: '' });
      node = next;
      continue;
    }
    if (isSeq(node)) {
      const i = node.items.findIndex((it) => within((it as Node | null)?.range, offset));
      if (i < 0) return finish({ parent: path, inKey: false, path: [...path], prefix: '' });
      path.push(i);
      node = node.items[i] as Node;
      continue;
    }
    const r = node.range!;
    const parent = path.slice(0, -1);
    const last = path[path.length - 1];
    return finish({
      parent, ...(typeof last === 'string' ? { key: last } : {}), inKey: false, path: [...path],
      span: { start: r[0], end: r[1] }, prefix: text.slice(r[0], Math.max(r[0], offset)).replace(/^["']/, ''),
    });
  }
  return finish({ parent: [], key: '', inKey: true, path: [], prefix: '' });
}

/**
 * Locates `offset` in `text`. Never throws: on anything unexpected it answers "top level, key position",
 * which offers the top-level keys, a safe default for completion.
 */
export function locate(text: string, offset: number, parsed?: YDoc): Location {
  try {
    const o = Math.max(0, Math.min(offset, text.length));
    return fromIndentation(text, o) ?? fromTree(parsed ?? parseYaml(text).doc, text, o);
  } catch {
    return { parent: [], key: '', inKey: true, path: [], prefix: '' };
  }
}
