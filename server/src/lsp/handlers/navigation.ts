// Go to definition, find references, prepare-rename and rename for model, dataset and prompt names. All four
// read the same RecipeDoc.references list the validator builds, so a name the validator resolves is exactly a
// name these features can jump to and rename.
import {
  ResponseError,
  ErrorCodes,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { toOffset, toRange } from '../convert';
import type { Analysis } from '../session';
import { definitionsOf, occurrences, symbolAt } from './symbol-at';

export function definition(a: Analysis, position: Position): Location[] {
  if (!a.doc) return [];
  const s = symbolAt(a.doc, toOffset(a.lines, position));
  if (!s?.target) return [];
  return [{ uri: a.uri, range: toRange(a.lines, s.target.nameSpan) }];
}

export function references(a: Analysis, position: Position, includeDeclaration: boolean): Location[] {
  if (!a.doc) return [];
  const s = symbolAt(a.doc, toOffset(a.lines, position));
  if (!s) return [];
  return occurrences(a.doc, s.kind, s.name, includeDeclaration).map((span) => ({ uri: a.uri, range: toRange(a.lines, span) }));
}

export function prepareRename(a: Analysis, position: Position): { range: Range; placeholder: string } | null {
  if (!a.doc) return null;
  const s = symbolAt(a.doc, toOffset(a.lines, position));
  // Only defined names can be renamed: renaming a dangling reference alone would hide the error, not fix it.
  if (!s?.target) return null;
  return { range: toRange(a.lines, s.span), placeholder: s.name };
}

/** Names stay plain YAML keys, so the rename never has to introduce quoting. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function rename(a: Analysis, position: Position, newName: string): WorkspaceEdit | null {
  if (!a.doc) return null;
  const s = symbolAt(a.doc, toOffset(a.lines, position));
  if (!s?.target) return null;
  if (!NAME.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid name: use letters, digits, "_", "-" and ".", starting with a letter, digit or "_".`);
  }
  if (newName !== s.name && definitionsOf(a.doc, s.kind).has(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `A ${s.kind} named "${newName}" already exists.`);
  }
  const edits: TextEdit[] = occurrences(a.doc, s.kind, s.name, true).map((span) => ({ range: toRange(a.lines, span), newText: newName }));
  return { changes: { [a.uri]: edits } };
}
