// One problem of a dataset file, with where it sits in that file. Line and character offset let the LSP put
// inlay hints and diagnostics at the problem's line in the dataset file; the raw gold field is handed to the
// grading code (server/src/answers), which owns answer extraction.
import type { Problem } from '../problems/problem';

export interface DatasetRow {
  /** 0-based position among the rows read (broken lines do not count). */
  index: number;
  /** The id field's value as a string, or the 1-based line number when the dataset names no id field. */
  id: string;
  /** 0-based line where the row starts. */
  line: number;
  /** UTF-16 offset of the row's first character in the file text (a leading BOM is not counted). */
  offset: number;
  /** Length of the row's text in UTF-16 code units (without the line break). */
  length: number;
  /** The question field as text ('' when absent; a problem says so). */
  question: string;
  /** The raw gold answer field: strings as written, other JSON values as JSON text ('' when absent). */
  gold: string;
  /** The whole parsed row. */
  row: unknown;
  /** The shard the row comes from, when the dataset's path is a folder or a glob. */
  file?: string;
}

/** Which fields of a row hold what; a DatasetDef from the recipe fits. */
export interface DatasetSpec {
  /** Absolute path, used to label problems with their file. */
  path?: string;
  question: string;
  id?: string | undefined;
  answer?: { field: string };
}

/** Reads `field` from a row: a top-level key first, then a dotted path such as `meta.id`. */
export function getField(row: unknown, field: string): unknown {
  if (typeof row !== 'object' || row === null) return undefined;
  const rec = row as Record<string, unknown>;
  if (field in rec) return rec[field];
  let cur: unknown = rec;
  for (const part of field.split('.')) {
    if (typeof cur !== 'object' || cur === null || !(part in (cur as object))) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Builds a DatasetRow from a parsed value, adding a problem when a named field is missing. */
export function makeRow(
  value: unknown,
  spec: DatasetSpec,
  at: { index: number; line: number; offset: number; length: number },
  problems: Problem[],
): DatasetRow {
  const missing: string[] = [];
  const q = getField(value, spec.question);
  if (q === undefined) missing.push(spec.question);
  let gold = '';
  if (spec.answer) {
    const g = getField(value, spec.answer.field);
    if (g === undefined) missing.push(spec.answer.field);
    gold = asText(g);
  }
  let id = String(at.line + 1);
  if (spec.id) {
    const v = getField(value, spec.id);
    if (v === undefined) missing.push(spec.id);
    else id = asText(v);
  }
  if (missing.length) {
    problems.push({
      code: 'dataset/missing-field',
      severity: 'warning',
      message: `Line ${at.line + 1} has no field ${missing.map((m) => `"${m}"`).join(', ')}.`,
      ...(spec.path ? { file: spec.path } : {}),
      span: { start: at.offset, end: at.offset + at.length },
      data: { line: at.line, fields: missing },
    });
  }
  return { index: at.index, id, line: at.line, offset: at.offset, length: at.length, question: asText(q), gold, row: value };
}

/** The problem for a line that is not valid JSON. The read goes on: one bad line must not hide the rest. */
export function brokenLine(spec: DatasetSpec, line: number, offset: number, length: number, error: unknown): Problem {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'dataset/bad-json',
    severity: 'warning',
    message: `Line ${line + 1} is not valid JSON (${detail}); the row is skipped.`,
    ...(spec.path ? { file: spec.path } : {}),
    span: { start: offset, end: offset + length },
    data: { line },
  };
}
