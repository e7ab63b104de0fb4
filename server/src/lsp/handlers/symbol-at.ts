// Finds the model, dataset or prompt name under the cursor, whether the cursor is on its definition (the
// entry's key under `models:`…) or on a reference to it (`model: teacher`). Go-to-definition, find
// references and rename all start here, so they agree on what "the symbol under the cursor" is.
import type { Span } from '../../problems/problem';
import type { Named, RecipeDoc, RefKind } from '../../recipe/model';

export interface SymbolAt {
  kind: RefKind;
  name: string;
  /** The span under the cursor (the reference or the definition key), without surrounding quotes. */
  span: Span;
  /** The definition, when the name is defined. */
  target?: Named | undefined;
}

const sectionOf: Record<RefKind, 'models' | 'datasets' | 'prompts'> = { model: 'models', dataset: 'datasets', prompt: 'prompts' };
export const refKinds: RefKind[] = ['model', 'dataset', 'prompt'];

export function definitionsOf(doc: RecipeDoc, kind: RefKind): Map<string, Named> {
  return doc[sectionOf[kind]];
}

/** The span of a name without the quotes a user may have written around it (`model: "teacher"`). */
export function unquoted(text: string, span: Span): Span {
  const first = text[span.start];
  if (span.end - span.start >= 2 && (first === '"' || first === "'") && text[span.end - 1] === first) {
    return { start: span.start + 1, end: span.end - 1 };
  }
  return span;
}

const inside = (span: Span, offset: number) => span.start <= offset && offset <= span.end;

export function symbolAt(doc: RecipeDoc, offset: number): SymbolAt | undefined {
  for (const ref of doc.references) {
    if (inside(ref.span, offset)) {
      return { kind: ref.kind, name: ref.name, span: unquoted(doc.text, ref.span), target: definitionsOf(doc, ref.kind).get(ref.name) };
    }
  }
  for (const kind of refKinds) {
    for (const def of definitionsOf(doc, kind).values()) {
      if (inside(def.nameSpan, offset)) return { kind, name: def.name, span: unquoted(doc.text, def.nameSpan), target: def };
    }
  }
  return undefined;
}

/** Every span naming `kind`/`name`: the definition key (when asked) and each reference, in document order. */
export function occurrences(doc: RecipeDoc, kind: RefKind, name: string, includeDeclaration: boolean): Span[] {
  const spans: Span[] = [];
  const def = definitionsOf(doc, kind).get(name);
  if (def && includeDeclaration) spans.push(unquoted(doc.text, def.nameSpan));
  for (const ref of doc.references) if (ref.kind === kind && ref.name === name) spans.push(unquoted(doc.text, ref.span));
  return spans.sort((a, b) => a.start - b.start);
}
