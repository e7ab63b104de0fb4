// The only place where core offsets and Spans become LSP positions and ranges (docs/architecture.md). The core counts in
// UTF-16 code units from the start of a text; LSP counts lines and UTF-16 columns. Keeping the conversion here
// means a CRLF or astral-plane bug can only live in one file, and the protocol tests pin it down.
import { problemCodeAnchor } from '../problems/problem-codes';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import type { Problem, Severity, Span } from '../problems/problem';
import type { TextLines } from '../text/text-lines';

export function toPosition(lines: TextLines, offset: number): Position {
  return lines.positionAt(offset);
}

export function toRange(lines: TextLines, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(Math.max(span.start, span.end)) };
}

/**
 * The offset of an LSP position. A character past the end of its line means the end of that line (LSP 3.17),
 * never the start of the next one, so a hover far right of a short line finds nothing rather than the next key.
 */
export function toOffset(lines: TextLines, position: Position): number {
  if (position.line < 0) return 0;
  if (position.line >= lines.lineCount) return lines.text.length;
  const character = Math.max(0, Math.min(position.character, lines.lineText(position.line).length));
  return lines.offsetAt({ line: position.line, character });
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
  }
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).toString();
}

/**
 * The documentation link of a problem code: its own section of docs/problem-codes.md, which is generated from
 * the code registry and carries an explicit anchor per code, so the link opens at the code in the Markdown
 * preview and on the forge alike.
 */
export function docsUri(docsFile: string, code: string): string {
  return `${pathToUri(docsFile)}#${problemCodeAnchor(code)}`;
}

/**
 * Where the problem-code reference lives relative to the bundled server (dist/server.js →
 * docs/problem-codes.md); the .vsix ships that file, so the links work once the extension is installed.
 */
export function defaultDocsFile(): string {
  return path.join(__dirname, '..', 'docs', 'problem-codes.md');
}

/** Where a diagnostic is shown: the document's URI and, for a file on disk, its path. */
export interface DiagnosticTarget {
  uri: string;
  file?: string | undefined;
  lines: TextLines;
}

/**
 * Turns one core problem into an LSP diagnostic shown in `target`. `linesOf` gives the text of another file
 * when a related location points elsewhere; when that file cannot be read the related entry is dropped rather
 * than shown at a wrong place.
 */
export function toDiagnostic(
  problem: Problem,
  target: DiagnosticTarget,
  docsFile: string,
  linesOf: (file: string) => TextLines | undefined,
): Diagnostic {
  const span = problem.span ?? { start: 0, end: 0 };
  const diagnostic: Diagnostic = {
    range: toRange(target.lines, span),
    severity: toSeverity(problem.severity),
    code: problem.code,
    codeDescription: { href: docsUri(docsFile, problem.code) },
    source: 'passk',
    message: problem.message,
    // The code travels in data too, so code actions can rely on one field whatever the client sends back.
    data: { ...(problem.data ?? {}), code: problem.code },
  };
  if (problem.related?.length) {
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of problem.related) {
      const elsewhere = r.file !== undefined && r.file !== target.file;
      const relLines = elsewhere ? linesOf(r.file!) : target.lines;
      if (!relLines) continue;
      const uri = elsewhere ? pathToUri(r.file!) : target.uri;
      related.push({ location: { uri, range: toRange(relLines, r.span) }, message: r.message });
    }
    if (related.length) diagnostic.relatedInformation = related;
  }
  return diagnostic;
}
