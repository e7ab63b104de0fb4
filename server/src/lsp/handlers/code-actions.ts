// Quick fixes built from the machine-readable data the validator attaches to its problems:
// `data.suggestion` ("did you mean teacher?") replaces the misspelt name, and `data.missingKey` inserts the
// missing key as the first child of the mapping the diagnostic points at, indented like its siblings.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { TextLines } from '../../text/text-lines';
import { fieldAt, type PathSegment } from '../../recipe';
import { toOffset } from '../convert';
import type { Analysis } from '../session';

export function codeActions(a: Analysis, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = (d.data ?? {}) as Record<string, unknown>;
    if (typeof data.suggestion === 'string' && data.suggestion !== '') {
      actions.push(fix(a.uri, `Change to "${data.suggestion}"`, d, [replaceName(a, d.range, data.suggestion)], true));
    }
    if (typeof data.missingKey === 'string' && data.missingKey !== '') {
      const path = Array.isArray(data.path) ? (data.path as PathSegment[]) : undefined;
      const edit = path && path.length === 0 ? insertTopLevel(data.missingKey) : insertKey(a.lines, d.range, data.missingKey, placeholder(path, data.missingKey));
      actions.push(fix(a.uri, `Add missing key "${data.missingKey}"`, d, [edit], false));
    }
  }
  return actions;
}

function fix(uri: string, title: string, d: Diagnostic, edits: TextEdit[], preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit: { changes: { [uri]: edits } } };
}

/** Replaces the misspelt name, keeping any quotes the user wrote around it. */
function replaceName(a: Analysis, range: Range, suggestion: string): TextEdit {
  const start = toOffset(a.lines, range.start);
  const end = toOffset(a.lines, range.end);
  const written = a.text.slice(start, end);
  const q = written[0];
  if (written.length >= 2 && (q === '"' || q === "'") && written[written.length - 1] === q) {
    return { range: { start: { ...range.start, character: range.start.character + 1 }, end: { ...range.end, character: range.end.character - 1 } }, newText: suggestion };
  }
  return { range, newText: suggestion };
}

/** A value to write after the inserted key when the field table pins it down (e.g. `passk: 1`); else nothing. */
function placeholder(path: PathSegment[] | undefined, key: string): string | undefined {
  const spec = path ? fieldAt([...path, key]) : undefined;
  return spec?.enum?.length === 1 ? String(spec.enum[0]) : undefined;
}

/** A missing top-level key goes on the first line of the file. */
function insertTopLevel(key: string): TextEdit {
  const at = { line: 0, character: 0 };
  return { range: { start: at, end: at }, newText: `${key}: ${placeholder([], key) ?? ''}`.trimEnd() + '\n' };
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

/**
 * Inserts `key: value` into the mapping whose key (or value) the diagnostic range starts on. For a block
 * mapping the new line goes right after that line, indented like the first child (or two spaces deeper than
 * the parent when the first child line cannot tell); for a one-line flow mapping `{ a: 1 }` the key goes before
 * the closing brace.
 */
function insertKey(lines: TextLines, range: Range, key: string, value: string | undefined): TextEdit {
  const lineNo = range.start.line;
  const line = lines.lineText(lineNo);
  const pair = `${key}: ${value ?? ''}`.trimEnd();
  const open = line.indexOf('{', range.start.character);
  const close = line.lastIndexOf('}');
  if (open !== -1 && close > open) {
    const inner = line.slice(open + 1, close).trim();
    const at = { line: lineNo, character: line.slice(0, close).trimEnd().length };
    return { range: { start: at, end: at }, newText: inner === '' ? ` ${pair} ` : `, ${pair}` };
  }
  const own = indentOf(line);
  let childIndent = `${own}  `;
  for (let n = lineNo + 1; n < lines.lineCount; n++) {
    const next = lines.lineText(n);
    if (next.trim() === '' || next.trimStart().startsWith('#')) continue;
    const ind = indentOf(next);
    if (ind.length > own.length) childIndent = ind;
    break;
  }
  const eol = { line: lineNo, character: line.length };
  return { range: { start: eol, end: eol }, newText: `\n${childIndent}${pair}` };
}
