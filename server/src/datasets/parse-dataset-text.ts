// Parses a whole dataset text held in memory (an open editor buffer, or a file's head while validating). JSONL
// is one JSON value a line; a file whose first non-blank character is `[` is a JSON array, whose elements are
// located by a small scanner so each row still knows its line and offset.
import type { Problem, Result } from '../problems/problem';
import { brokenLine, makeRow, type DatasetRow, type DatasetSpec } from './dataset-row';

export interface ParseDatasetOptions {
  /** Stop after this many rows. */
  limit?: number;
  /**
   * The text is only the beginning of the file: an unfinished last line or array element is not an error.
   */
  truncated?: boolean;
}

/** At most this many problems per file are reported, so a binary file does not flood the problems view. */
export const MAX_DATASET_PROBLEMS = 50;

function capProblems(problems: Problem[], spec: DatasetSpec): Problem[] {
  if (problems.length <= MAX_DATASET_PROBLEMS) return problems;
  const extra = problems.length - MAX_DATASET_PROBLEMS;
  return [
    ...problems.slice(0, MAX_DATASET_PROBLEMS),
    {
      code: 'dataset/too-many-problems',
      severity: 'warning',
      message: `${extra} more problems in this dataset file are not shown.`,
      ...(spec.path ? { file: spec.path } : {}),
    },
  ];
}

export function parseDatasetText(text: string, spec: DatasetSpec, opts: ParseDatasetOptions = {}): Result<DatasetRow[]> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const problems: Problem[] = [];
  const rows = /^\s*\[/.test(body) ? parseArray(body, spec, opts, problems) : parseLines(body, spec, opts, problems);
  return { value: rows, problems: capProblems(problems, spec) };
}

function parseLines(text: string, spec: DatasetSpec, opts: ParseDatasetOptions, problems: Problem[]): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const limit = opts.limit ?? Infinity;
  let line = 0;
  let start = 0;
  while (start <= text.length && rows.length < limit) {
    let nl = text.indexOf('\n', start);
    const last = nl === -1;
    if (last) {
      if (opts.truncated) break;
      nl = text.length;
    }
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const raw = text.slice(start, end);
    if (/\S/.test(raw)) {
      try {
        rows.push(makeRow(JSON.parse(raw), spec, { index: rows.length, line, offset: start, length: end - start }, problems));
      } catch (e) {
        problems.push(brokenLine(spec, line, start, end - start, e));
      }
    }
    if (last) break;
    start = nl + 1;
    line++;
  }
  return rows;
}

function parseArray(text: string, spec: DatasetSpec, opts: ParseDatasetOptions, problems: Problem[]): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const limit = opts.limit ?? Infinity;
  let i = text.indexOf('[') + 1;
  let line = countLines(text, 0, i);
  let depth = 0;
  let elemStart = -1;
  let elemLine = 0;
  let inString = false;
  let closed = false;
  const finish = (end: number) => {
    if (elemStart < 0) return;
    let e = end;
    while (e > elemStart && /\s/.test(text[e - 1]!)) e--;
    const raw = text.slice(elemStart, e);
    try {
      rows.push(makeRow(JSON.parse(raw), spec, { index: rows.length, line: elemLine, offset: elemStart, length: e - elemStart }, problems));
    } catch (err) {
      problems.push(brokenLine(spec, elemLine, elemStart, e - elemStart, err));
    }
    elemStart = -1;
  };
  for (; i < text.length && rows.length < limit; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 0 && (c === ',' || c === ']')) {
      finish(i);
      if (c === ']') {
        closed = true;
        break;
      }
      continue;
    }
    if (elemStart < 0 && !/\s/.test(c)) {
      elemStart = i;
      elemLine = line;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  if (!closed && rows.length < limit && !opts.truncated) {
    finish(text.length);
    problems.push({
      code: 'dataset/bad-json',
      severity: 'warning',
      message: 'The JSON array is not closed with "]".',
      ...(spec.path ? { file: spec.path } : {}),
      span: { start: Math.max(0, text.length - 1), end: text.length },
      data: { line },
    });
  }
  return rows;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
