// The outline: one symbol per recipe section (models, datasets, prompts, synthesize, evaluate) with its
// entries as children. Entries come from the RecipeDoc; the section keys themselves are top-level block keys,
// found at the start of a line, because the typed document keeps spans for entries only.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { Span } from '../../problems/problem';
import type { Named, RecipeDoc, SectionKind } from '../../recipe/model';
import { toRange } from '../convert';
import type { Analysis } from '../session';

const sections: Array<{ key: SectionKind; kind: SymbolKind; entryKind: SymbolKind }> = [
  { key: 'models', kind: SymbolKind.Namespace, entryKind: SymbolKind.Object },
  { key: 'datasets', kind: SymbolKind.Namespace, entryKind: SymbolKind.File },
  { key: 'prompts', kind: SymbolKind.Namespace, entryKind: SymbolKind.String },
  { key: 'synthesize', kind: SymbolKind.Namespace, entryKind: SymbolKind.Function },
  { key: 'evaluate', kind: SymbolKind.Namespace, entryKind: SymbolKind.Function },
];

function sectionKeySpan(text: string, key: string): Span | undefined {
  const m = new RegExp(`^${key}[ \\t]*:`, 'm').exec(text);
  return m ? { start: m.index, end: m.index + key.length } : undefined;
}

/** Block nodes end after their trailing line break; an outline range should end at the last character. */
function trimEnd(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1]!)) end--;
  return { start: span.start, end };
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  const doc: RecipeDoc | undefined = a.doc;
  if (!doc) return [];
  const out: DocumentSymbol[] = [];
  for (const s of sections) {
    const entries: Named[] = [...doc[s.key].values()].sort((x, y) => x.nameSpan.start - y.nameSpan.start);
    const keySpan = sectionKeySpan(a.text, s.key);
    if (!keySpan && entries.length === 0) continue;
    const children: DocumentSymbol[] = entries.map((e) => {
      const span = trimEnd(a.text, { start: Math.min(e.nameSpan.start, e.span.start), end: Math.max(e.nameSpan.end, e.span.end) });
      return {
        name: e.name,
        kind: s.entryKind,
        range: toRange(a.lines, span),
        selectionRange: toRange(a.lines, e.nameSpan),
      };
    });
    const start = keySpan?.start ?? entries[0]!.nameSpan.start;
    const end = Math.max(keySpan?.end ?? 0, ...entries.map((e) => trimEnd(a.text, e.span).end));
    out.push({
      name: s.key,
      kind: s.kind,
      range: toRange(a.lines, { start, end }),
      selectionRange: toRange(a.lines, keySpan ?? entries[0]!.nameSpan),
      children,
    });
  }
  return out.sort((x, y) => x.range.start.line - y.range.start.line);
}
