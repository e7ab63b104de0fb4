// Builds a TemplateSource (model.ts) from a YAML scalar: the unescaped template text plus a map from every
// template offset back to the recipe offset that produced it. Diagnostics found inside a template (a syntax
// error, an undefined variable, a `${env:…}` reference) can then be shown at their exact place in the YAML,
// whatever scalar style the user chose: plain, 'single', "double" with escapes, literal `|` or folded `>`.
// The TemplateSource itself is plain data (see model.ts); `docOffset` and `docSpan` below read its mapping.
import type { Span } from '../problems/problem';
import type { TemplateOffsetMap, TemplateSource } from '../recipe/model';

export type ScalarStyle = Extract<TemplateOffsetMap, { kind: 'scalar' }>['style'];
type TableMap = Extract<TemplateOffsetMap, { kind: 'table' }>;

/** Per output character: the recipe offsets where its source text starts and ends. */
interface CharMap {
  value: string;
  starts: number[];
  ends: number[];
}

class Builder {
  value = '';
  starts: number[] = [];
  ends: number[] = [];
  push(s: string, start: number, end: number): void {
    for (let i = 0; i < s.length; i++) {
      this.value += s[i];
      this.starts.push(start);
      this.ends.push(end);
    }
  }
  result(): CharMap {
    return { value: this.value, starts: this.starts, ends: this.ends };
  }
}

function tableOf(map: CharMap, contentEnd: number): TableMap {
  return { kind: 'table', starts: map.starts, ends: map.ends, contentEnd };
}

/** Tables rebuilt from a scalar's raw text, kept per TemplateSource object: most prompts never need one. */
const builtTables = new WeakMap<TemplateSource, TableMap>();

function tableFor(ts: TemplateSource): TableMap | undefined {
  const m = ts.map;
  if (m.kind === 'table') return m;
  if (m.kind !== 'scalar') return undefined;
  let t = builtTables.get(ts);
  if (!t) {
    // The raw text starts at the scalar's line, so offsets inside it are shifted back by `rawStart`.
    const local = buildScalarTable(m.raw, m.start - m.rawStart, m.end - m.rawStart, m.style, ts.source);
    const shift = (xs: number[]) => xs.map((x) => x + m.rawStart);
    t = { kind: 'table', starts: shift(local.starts), ends: shift(local.ends), contentEnd: local.contentEnd + m.rawStart };
    builtTables.set(ts, t);
  }
  return t;
}

/** Recipe offset of template offset `i` (always defined for 0 ≤ i ≤ source.length). */
export function docOffset(ts: TemplateSource, i: number): number {
  if (ts.map.kind === 'shift') return ts.map.contentStart + Math.max(0, Math.min(i, ts.source.length));
  const t = tableFor(ts)!;
  if (i <= 0) return t.starts.length > 0 ? t.starts[0]! : t.contentEnd;
  if (i >= ts.source.length) return t.contentEnd;
  return t.starts[i]!;
}

/**
 * Recipe span of the template range [start, end): from where character `start` was written to where character
 * `end - 1` ends, so an escape such as `\u00e9` or a folded line break is covered whole.
 */
export function docSpan(ts: TemplateSource, start: number, end: number): Span {
  if (ts.map.kind === 'shift') return { start: docOffset(ts, start), end: docOffset(ts, Math.max(start, end)) };
  const t = tableFor(ts)!;
  const s = docOffset(ts, start);
  if (end <= start) return { start: s, end: s };
  const last = Math.min(end, ts.source.length) - 1;
  return { start: s, end: last >= 0 && last < t.ends.length ? t.ends[last]! : t.contentEnd };
}

/** A template that is not inside YAML at all (tests, CLI strings): offsets shift by `base`. */
export function plainTemplateSource(source: string, base = 0): TemplateSource {
  return { source, span: { start: base, end: base + source.length }, map: { kind: 'shift', contentStart: base } };
}

/**
 * The TemplateSource of a YAML scalar whose node spans `[start, end)` of `text` and whose parsed value is
 * `value`. The mapping is rebuilt by re-reading the scalar's raw text; if that reconstruction ever disagrees
 * with the YAML library's value (an exotic construct we do not model), it degrades to a linear mapping rather
 * than pointing diagnostics at wrong places with false confidence.
 */
export function scalarTemplateSource(text: string, start: number, end: number, style: ScalarStyle, value: string): TemplateSource {
  const span = { start, end };
  const flow = style === 'PLAIN' || style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE';
  const cs = contentStart(text, start, style);
  // The common case: a flow scalar written exactly as its value (no escapes, no folding) maps by a shift, and
  // needs no per-character table (recipes can hold tens of thousands of prompts).
  if (flow && cs + value.length === (style === 'PLAIN' ? end : end - 1) && text.startsWith(value, cs)) {
    return { source: value, span, map: { kind: 'shift', contentStart: cs } };
  }
  // Otherwise only the scalar's raw text (from the start of its line, which a block scalar's indentation needs)
  // is kept, and the table is built from it on first use.
  const rawStart = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  return { source: value, span, map: { kind: 'scalar', style, raw: text.slice(rawStart, end), rawStart, start, end } };
}

function buildScalarTable(text: string, start: number, end: number, style: ScalarStyle, value: string): TableMap {
  let map: CharMap | undefined;
  try {
    if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') map = mapBlock(text, start, end, style === 'BLOCK_FOLDED');
    else map = mapFlow(text, start, end, style);
  } catch {
    map = undefined;
  }
  if (map && map.value === value) {
    const last = map.ends.length ? map.ends[map.ends.length - 1]! : contentStart(text, start, style);
    return tableOf(map, last);
  }
  return linearTable(end, style, contentStart(text, start, style), value);
}

function contentStart(text: string, start: number, style: ScalarStyle): number {
  if (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') return start + 1;
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', start);
    return nl === -1 ? start : nl + 1;
  }
  return start;
}

function linearTable(end: number, style: ScalarStyle, base: number, value: string): TableMap {
  const limit = Math.max(base, style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE' ? end - 1 : end);
  const b = new Builder();
  for (let i = 0; i < value.length; i++) {
    const o = Math.min(base + i, limit);
    b.push(value[i]!, o, Math.min(o + 1, limit));
  }
  return tableOf(b.result(), limit);
}

interface RawLine {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset just past the last character before the line break. */
  end: number;
  /** Offset of the line break itself (equal to `end`), or -1 for the last line without one. */
  brk: number;
}

function splitLines(text: string, from: number, to: number): RawLine[] {
  const lines: RawLine[] = [];
  let s = from;
  for (let i = from; i < to; i++) {
    if (text[i] === '\n') {
      const e = i > s && text[i - 1] === '\r' ? i - 1 : i;
      lines.push({ start: s, end: e, brk: e });
      s = i + 1;
    }
  }
  lines.push({ start: s, end: to, brk: -1 });
  return lines;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** Plain and quoted scalars: line folding, plus `''` in single quotes and backslash escapes in double quotes. */
function mapFlow(text: string, start: number, end: number, style: ScalarStyle): CharMap {
  const quoted = style !== 'PLAIN';
  const from = quoted ? start + 1 : start;
  const to = quoted ? end - 1 : end;
  const lines = splitLines(text, from, to);
  const b = new Builder();
  let pendingBreaks = 0;
  let breakAt = -1;
  let joinNoSpace = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    let s = line.start;
    let e = line.end;
    if (li > 0) while (s < e && isBlank(text[s])) s++;
    const isLast = li === lines.length - 1;
    let escapedBreak = false;
    if (!isLast) {
      if (style === 'QUOTE_DOUBLE' && endsWithEscape(text, s, e)) {
        escapedBreak = true;
        e--;
      } else while (e > s && isBlank(text[e - 1])) e--;
    }
    const empty = s === e && li > 0 && !isLast;
    if (empty && !escapedBreak) {
      pendingBreaks++;
      continue;
    }
    if (li > 0) {
      if (pendingBreaks > 0) for (let k = 0; k < pendingBreaks; k++) b.push('\n', breakAt, breakAt + 1);
      else if (!joinNoSpace) b.push(' ', breakAt, breakAt + 1);
    }
    pendingBreaks = 0;
    emitLine(text, s, e, style, b);
    joinNoSpace = escapedBreak;
    breakAt = line.brk;
  }
  return b.result();
}

function endsWithEscape(text: string, s: number, e: number): boolean {
  let n = 0;
  for (let i = e - 1; i >= s && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function emitLine(text: string, s: number, e: number, style: ScalarStyle, b: Builder): void {
  for (let i = s; i < e; ) {
    const c = text[i]!;
    if (style === 'QUOTE_SINGLE' && c === "'" && text[i + 1] === "'") {
      b.push("'", i, i + 2);
      i += 2;
    } else if (style === 'QUOTE_DOUBLE' && c === '\\' && i + 1 < e) {
      const x = text[i + 1]!;
      const hexLen = x === 'x' ? 2 : x === 'u' ? 4 : x === 'U' ? 8 : 0;
      if (hexLen) {
        const code = parseInt(text.slice(i + 2, i + 2 + hexLen), 16);
        b.push(String.fromCodePoint(code), i, i + 2 + hexLen);
        i += 2 + hexLen;
      } else {
        b.push(SIMPLE_ESCAPES[x] ?? x, i, i + 2);
        i += 2;
      }
    } else {
      b.push(c, i, i + 1);
      i++;
    }
  }
}

/** Literal and folded block scalars: header indicators, indentation, chomping and (for `>`) folding. */
function mapBlock(text: string, start: number, end: number, folded: boolean): CharMap {
  const headerEnd = text.indexOf('\n', start);
  const b = new Builder();
  if (headerEnd === -1 || headerEnd >= end) return b.result();
  const header = text.slice(start + 1, headerEnd).replace(/\s+#.*$/, '').trim();
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const digit = /[1-9]/.exec(header);
  const lines = splitLines(text, headerEnd + 1, end);
  if (lines.length && lines[lines.length - 1]!.start === end) lines.pop();
  let indent: number;
  if (digit) {
    const lineStart = text.lastIndexOf('\n', start) + 1;
    let parent = 0;
    while (text[lineStart + parent] === ' ') parent++;
    indent = parent + Number(digit[0]);
  } else {
    indent = 0;
    const first = lines.find((l) => text.slice(l.start, l.end).trim() !== '');
    if (first) while (text[first.start + indent] === ' ') indent++;
  }
  let lastContent = -1;
  lines.forEach((l, i) => {
    if (l.end - l.start > indent || text.slice(l.start, l.end).trim() !== '') lastContent = i;
  });
  let prevKind: 'none' | 'normal' | 'more' = 'none';
  let pending: number[] = [];
  let prevBreak = -1;
  for (let i = 0; i <= lastContent; i++) {
    const l = lines[i]!;
    const s = Math.min(l.start + indent, l.end);
    const isEmpty = s >= l.end && text.slice(l.start, l.end).trim() === '';
    if (isEmpty) {
      pending.push(l.brk >= 0 ? l.brk : l.end);
      continue;
    }
    const kind = isBlank(text[s]) ? 'more' : 'normal';
    if (prevKind !== 'none') {
      if (folded && kind === 'normal' && prevKind === 'normal' && pending.length === 0) b.push(' ', prevBreak, prevBreak + 1);
      else if (folded && kind === 'normal' && prevKind === 'normal') {
        for (const p of pending) b.push('\n', p, p + 1);
      } else {
        b.push('\n', prevBreak, prevBreak + 1);
        for (const p of pending) b.push('\n', p, p + 1);
      }
    } else for (const p of pending) b.push('\n', p, p + 1);
    pending = [];
    emitLine(text, s, l.end, 'BLOCK_LITERAL', b);
    prevKind = kind;
    prevBreak = l.brk >= 0 ? l.brk : l.end;
  }
  if (lastContent >= 0 && chomp !== 'strip') {
    const brk = lines[lastContent]!.brk;
    if (brk >= 0) b.push('\n', brk, brk + 1);
    if (chomp === 'keep') for (let i = lastContent + 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.brk >= 0) b.push('\n', l.brk, l.brk + 1);
    }
  }
  return b.result();
}
