// Re-parsing a recipe as the user types, paying only for what changed. A recipe is a top-level mapping whose
// big sections (`models`, `datasets`, `prompts`, `synthesize`, `evaluate`) hold many independent entries, and
// an edit touches one of them. So the text is cut at the lines that start a top-level key or a section entry,
// each piece is parsed on its own by the same `yaml` parser, and pieces whose text did not change are taken
// from the previous version, their offsets shifted to where they now start. The pieces are joined into the
// tree a whole-document parse gives (a unit test compares the two node by node).
//
// Cutting is only sound for plain block YAML, so anything else falls back to `parseYaml` of the whole text:
// a line the cutter does not understand, document markers or directives, tabs or CR line ends, anchors or
// aliases (which reach across pieces), and any piece the parser reports an error or warning for (an
// unterminated quote or flow collection, for instance, is an error in the piece the cut ends early). The
// fallback is the old behaviour exactly, so correctness never depends on the fast path.
import { Document, isAlias, isMap, isScalar, isSeq, Pair, parseDocument, YAMLMap, type Node } from 'yaml';
import { parseYaml, type ParsedYaml, type YDoc } from './yaml-tree';

/** Sections whose entries are parsed as separate pieces. */
const SPLIT_SECTIONS = new Set(['models', 'datasets', 'prompts', 'synthesize', 'evaluate']);
/** A top-level key line: a plain key at column 0 followed by a colon and a space, a comment or the line end. */
const TOP_KEY = /^[A-Za-z_][^\s:#'"]*:(?:[ ]|$)/;
/** A section header with nothing after the colon but an optional comment. */
const SECTION_HEADER = /^([A-Za-z_][^\s:#'"]*):[ ]*(?:#.*)?$/;
/** An entry key line inside a section (after its indentation). */
const ENTRY_KEY = /^[A-Za-z0-9_][^\s:#'"]*:(?:[ ]|$)/;
/** Could start an anchor or alias: the cut pieces would not see each other's anchors. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:])[&*][^\s,[\]{}]/m;

interface Piece {
  /** Offset of the piece in the whole text. */
  start: number;
  text: string;
  /** For the header line of a split section: its entries follow as their own pieces. */
  section?: { name: string; entries: Piece[] };
}

interface Parsed {
  /** The piece's own document; its node ranges are currently shifted by `base`. */
  doc: YDoc;
  base: number;
}

const OPTIONS = { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false } as const;

function isBlankOrComment(line: string): boolean {
  const t = line.trimStart();
  return t === '' || t.startsWith('#');
}

/** Cuts `text` into pieces, or returns undefined when the text is not plain enough to cut safely. */
function cut(text: string): Piece[] | undefined {
  if (text.includes('\t') || text.includes('\r') || ANCHOR_OR_ALIAS.test(text)) return undefined;
  const lines: { start: number; text: string }[] = [];
  for (let s = 0; s < text.length; ) {
    const nl = text.indexOf('\n', s);
    const e = nl < 0 ? text.length : nl + 1;
    lines.push({ start: s, text: text.slice(s, nl < 0 ? text.length : nl) });
    s = e;
  }
  // Top-level pieces: each starts at a column-0 key line (leading comments join the first piece).
  const tops: { from: number; to: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.text;
    if (l === '' || l[0] === ' ' || l[0] === '#') continue;
    if (l.startsWith('---') || l.startsWith('...') || l.startsWith('%') || !TOP_KEY.test(l)) return undefined;
    tops.push({ from: tops.length ? i : 0, to: lines.length });
    if (tops.length > 1) tops[tops.length - 2]!.to = i;
  }
  if (!tops.length) return undefined;
  const at = (i: number) => (i < lines.length ? lines[i]!.start : text.length);
  const pieces: Piece[] = [];
  for (const t of tops) {
    let head = t.from;
    while (isBlankOrComment(lines[head]!.text)) head++;
    const header = SECTION_HEADER.exec(lines[head]!.text);
    const entries = header && SPLIT_SECTIONS.has(header[1]!) ? cutEntries(text, lines, head + 1, t.to, at) : undefined;
    if (entries === null) return undefined;
    if (!entries || !entries.length) {
      pieces.push({ start: at(t.from), text: text.slice(at(t.from), at(t.to)) });
      continue;
    }
    const bodyStart = entries[0]!.start;
    pieces.push({ start: at(t.from), text: text.slice(at(t.from), bodyStart), section: { name: header![1]!, entries } });
  }
  return pieces;
}

/**
 * The entry pieces of a section body (lines `from`..`to`): each starts at a key line at the entries'
 * indentation. Undefined when the body has no entries; null when its indentation is not one plain mapping.
 */
function cutEntries(text: string, lines: { start: number; text: string }[], from: number, to: number, at: (i: number) => number): Piece[] | undefined | null {
  let indent = -1;
  const starts: number[] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i]!.text;
    if (isBlankOrComment(l)) continue;
    const n = l.length - l.trimStart().length;
    if (indent < 0) indent = n;
    if (n < indent) return null;
    if (n === indent) {
      if (!ENTRY_KEY.test(l.slice(n))) return null;
      starts.push(i);
    }
  }
  if (!starts.length) return undefined;
  return starts.map((s, k) => {
    const start = at(s);
    return { start, text: text.slice(start, at(k + 1 < starts.length ? starts[k + 1]! : to)) };
  });
}

/** Adds `delta` to every node range under `node`; false when the tree holds something cutting cannot join. */
function shift(node: unknown, delta: number): boolean {
  if (!node || typeof node !== 'object') return true;
  const n = node as Node;
  if (isAlias(n) || (n as { anchor?: string }).anchor) return false;
  if (delta && n.range) {
    n.range[0] += delta;
    n.range[1] += delta;
    n.range[2] += delta;
  }
  if (isMap(n) || isSeq(n)) {
    for (const it of n.items as unknown[]) {
      if (it instanceof Pair) {
        if (!shift(it.key, delta) || !shift(it.value, delta)) return false;
      } else if (!shift(it, delta)) return false;
    }
  } else if (!isScalar(n)) return false;
  return true;
}

/**
 * Parses successive versions of one document. Give each open document its own parser: it remembers the
 * pieces of the last version only. Reused pieces are moved in place, so a tree returned by one `parse` is
 * only valid until the next: finish with it (as `analyzeRecipe` does, keeping no nodes) before parsing again.
 */
export class IncrementalParser {
  private pieces = new Map<string, Parsed[]>();
  /** How the last `parse` went, for tests and benchmarks: pieces parsed anew and taken from the last version. */
  lastStats = { parsed: 0, reused: 0, fallback: false };

  parse(text: string): ParsedYaml {
    const joined = this.tryPieces(text);
    if (joined) return joined;
    this.pieces = new Map();
    this.lastStats = { parsed: 0, reused: 0, fallback: true };
    return parseYaml(text);
  }

  private tryPieces(text: string): ParsedYaml | undefined {
    const cuts = cut(text);
    if (!cuts) return undefined;
    const next = new Map<string, Parsed[]>();
    const stats = { parsed: 0, reused: 0, fallback: false };
    const take = (p: Piece): Map<string, unknown> | YAMLMap | undefined => {
      const old = this.pieces.get(p.text)?.shift();
      let parsed: Parsed;
      if (old) {
        // A reused piece was checked for anchors and aliases when first parsed; only moving it needs the walk.
        if (p.start !== old.base && !shift(old.doc.contents, p.start - old.base)) return undefined;
        parsed = { doc: old.doc, base: p.start };
        stats.reused++;
      } else {
        const doc = parseDocument(p.text, OPTIONS) as YDoc;
        if (doc.errors.length || doc.warnings.length || !isMap(doc.contents) || doc.contents.items.length !== 1) return undefined;
        if (!shift(doc.contents, p.start)) return undefined;
        parsed = { doc, base: p.start };
        stats.parsed++;
      }
      const list = next.get(p.text);
      if (list) list.push(parsed);
      else next.set(p.text, [parsed]);
      return parsed.doc.contents as YAMLMap;
    };
    const root = new YAMLMap();
    for (const p of cuts) {
      const map = take(p) as YAMLMap | undefined;
      if (!map) return undefined;
      const pair = map.items[0] as Pair;
      if (!p.section) {
        root.items.push(pair);
        root.range = extend(root.range, map.range);
        continue;
      }
      const section = new YAMLMap();
      for (const e of p.section.entries) {
        const m = take(e) as YAMLMap | undefined;
        if (!m) return undefined;
        section.items.push(m.items[0] as Pair);
        section.range = extend(section.range, m.range);
      }
      // The header piece parsed `name:` with an empty value; the entries are that value.
      root.items.push(new Pair(pair.key, section));
      root.range = extend(root.range, section.range);
    }
    this.pieces = next;
    this.lastStats = stats;
    const doc = new Document(null, OPTIONS) as unknown as YDoc;
    doc.contents = root as unknown as YDoc['contents'];
    return { doc, problems: [] };
  }
}

/** The range from the start of `a` to the end of `b` (a joined mapping covers its first to its last piece). */
function extend(a: YAMLMap['range'] | undefined, b: YAMLMap['range'] | undefined): [number, number, number] {
  if (!b) return a ? [a[0], a[1], a[2]] : [0, 0, 0];
  if (!a) return [b[0], b[1], b[2]];
  return [a[0], b[1], b[2]];
}
