// `passk check <recipe...> [--json]` (README.md, "The CLI"): the recipe diagnostics for terminals and CI. Text output is
// compiler style, `file:line:col: severity code message` (1-based line, UTF-16 column as editors count it),
// followed by the source line and a caret/tilde underline, then a summary. Exit code 1 when any error was
// found, 0 otherwise, 2 when a recipe file cannot be read. `--json` prints an array of
// {file, line, column, endLine, endColumn, severity, code, message} (1-based; endColumn is exclusive).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../problems/problem';
import { TextLines } from '../text/text-lines';
import { analyzeRecipe } from '../recipe';
import { terminalText } from '../report/format';
import { EXIT, type CliIO, type CommandSpec } from './io';

export interface CheckFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Problem['severity'];
  code: string;
  message: string;
  /** Related locations ("first defined here", the dataset line at fault); text output prints them as notes. */
  related?: Array<{ file: string; line: number; column: number; message: string }>;
}

/** Reads each file at most once, so many findings in one dataset do not re-read it. */
class SourceCache {
  private readonly texts = new Map<string, TextLines | undefined>();
  set(file: string, text: string): void {
    this.texts.set(file, new TextLines(text));
  }
  get(file: string): TextLines | undefined {
    if (!this.texts.has(file)) {
      let lines: TextLines | undefined;
      try {
        lines = new TextLines(fs.readFileSync(file, 'utf8'));
      } catch {
        lines = undefined;
      }
      this.texts.set(file, lines);
    }
    return this.texts.get(file);
  }
}

/** Converts one problem found while checking `recipe` into a positioned finding (1-based). */
export function toFinding(problem: Problem, recipe: string, sources: { get(file: string): TextLines | undefined }, display: (f: string) => string): CheckFinding {
  const file = problem.file ?? recipe;
  const lines = sources.get(file);
  const span = problem.span ?? { start: 0, end: 0 };
  const start = lines ? lines.positionAt(span.start) : { line: 0, character: 0 };
  const end = lines ? lines.positionAt(Math.max(span.start, span.end)) : start;
  const related = (problem.related ?? []).map((r) => {
    const relFile = r.file ?? file;
    const relLines = sources.get(relFile);
    const at = relLines ? relLines.positionAt(r.span.start) : { line: 0, character: 0 };
    return { file: display(relFile), line: at.line + 1, column: at.character + 1, message: r.message };
  });
  return {
    ...(related.length ? { related } : {}),
    file: display(file),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
  };
}

/**
 * The source line under a finding and its underline: `^` at the start and `~` to the end of the span (or of
 * the line, for a span that runs over several lines). Tabs are kept in the padding so the caret lines up in a
 * terminal whatever its tab width.
 */
export function underline(lineText: string, column: number, endLine: number, line: number, endColumn: number): string {
  const startCol = Math.min(column - 1, lineText.length);
  const endCol = endLine === line ? Math.max(startCol + 1, Math.min(endColumn - 1, lineText.length)) : Math.max(startCol + 1, lineText.length);
  const pad = lineText.slice(0, startCol).replace(/[^\t]/g, ' ');
  return `  ${lineText}\n  ${pad}^${'~'.repeat(Math.max(0, endCol - startCol - 1))}\n`;
}

const SEVERITY_COLOR: Record<string, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[36m' };

/** One finding as text; `color` (a terminal without NO_COLOR) paints the severity word, nothing else. */
export function formatFinding(f: CheckFinding, lines: TextLines | undefined, color = false): string {
  const severity = color ? `${SEVERITY_COLOR[f.severity] ?? ''}${f.severity}\x1b[0m` : f.severity;
  // Messages and source lines are a stranger's text: no control character reaches the terminal (report/format.ts).
  let out = `${terminalText(`${f.file}:${f.line}:${f.column}:`)} ${severity} ${f.code} ${terminalText(f.message)}\n`;
  if (lines && f.line - 1 < lines.lineCount) out += underline(terminalText(lines.lineText(f.line - 1)), f.column, f.endLine, f.line, f.endColumn);
  for (const r of f.related ?? []) out += `${terminalText(`${r.file}:${r.line}:${r.column}: note ${r.message}`)}\n`;
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const checkCommand: CommandSpec = {
  name: 'check',
  summary: 'validate recipes (and their datasets\' first rows); exit 1 when there are errors',
  positionals: { usage: '<recipe...>', min: 1, missing: 'name at least one recipe file' },
  flags: { json: { type: 'boolean', short: 'j', help: 'print the findings as a JSON array' } },
  details: 'Text output is compiler style, file:line:col: severity code message, with the source line underlined.\nExit 0 when no errors (warnings allowed), 1 when there are errors, 2 when a recipe cannot be read.',
  run: async ({ positionals, flags }, io: CliIO) => {
    const display = (f: string) => {
      const rel = path.relative(io.cwd, f);
      return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : f;
    };
    const sources = new SourceCache();
    const findings: CheckFinding[] = [];
    const texts: string[] = [];
    let unreadable = 0;
    for (const arg of positionals) {
      const file = path.resolve(io.cwd, arg);
      let text: string;
      try {
        if (fs.statSync(file).isDirectory()) throw new Error('it is a directory');
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
        io.err(`passk check: cannot read recipe ${arg}: ${reason}.\n`);
        unreadable++;
        continue;
      }
      texts.push(file);
      sources.set(file, text);
      const { problems } = analyzeRecipe(text, { file, env: io.env });
      for (const p of problems) findings.push(toFinding(p, file, sources, display));
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    if (flags.json) io.out(JSON.stringify(findings.map(({ related: _related, ...f }) => f), null, 2) + '\n');
    else {
      for (const f of findings) io.out(formatFinding(f, sources.get(path.resolve(io.cwd, f.file)), io.color));
      const checked = plural(texts.length, 'recipe');
      const others = findings.length - errors - warnings;
      const counts = [plural(errors, 'error'), plural(warnings, 'warning'), ...(others ? [plural(others, 'hint')] : [])].join(', ');
      io.out(findings.length === 0 ? `passk check: no problems in ${checked}.\n` : `passk check: ${counts} in ${checked}.\n`);
    }
    if (unreadable > 0) return EXIT.usage;
    return errors > 0 ? EXIT.failed : EXIT.ok;
  },
};
