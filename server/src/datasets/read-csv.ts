// CSV and TSV datasets, parsed by `csv-parse`: the first record names the columns, every later record is a
// row whose fields are strings (a column named `meta.gold` is found by that name). Quoted fields may span
// lines, so a row's line is where its record starts, counted from the parser's line numbers.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { Problem } from '../problems/problem';
import { makeRow, type DatasetRow, type DatasetSpec } from './dataset-row';
import { MAX_LINE_CHARS } from './read-json-stream';

interface CsvRecord {
  record: Record<string, string>;
  info: { lines: number; empty_lines: number };
}

function csvOptions(delimiter: ',' | '\t') {
  return {
    columns: true, bom: true, delimiter, info: true, skip_empty_lines: true, relax_column_count: true,
    // The same cap as a JSONL line: a runaway quoted field must not grow without bound.
    max_record_size: MAX_LINE_CHARS,
    // TSV files rarely quote; a stray quote inside a field is kept as text rather than opening a quoted field.
    ...(delimiter === '\t' ? { quote: null } : {}),
  } as const;
}

/** Gives each record the 0-based line where it starts: after the previous record and any blank lines. */
function lineTracker(): (info: CsvRecord['info']) => number {
  // The header is one line.
  let lastLine = 1;
  let lastEmpty = 0;
  return (info) => {
    const line = lastLine + (info.empty_lines - lastEmpty);
    lastLine = info.lines;
    lastEmpty = info.empty_lines;
    return line;
  };
}

/**
 * The first rows of CSV text held in memory (a file's head, for the validator). With `truncated`, the text is
 * cut after its last line break and a record the cut leaves unfinished is dropped. Throws on text that is not CSV.
 */
export function csvRowsSync(text: string, spec: DatasetSpec, delimiter: ',' | '\t', problems: Problem[], opts: { limit: number; truncated: boolean }): DatasetRow[] {
  const body = opts.truncated ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  const records = parseSync(body, { ...csvOptions(delimiter), to: opts.limit, ...(opts.truncated ? { skip_records_with_error: true } : {}) }) as unknown as CsvRecord[];
  const lineOf = lineTracker();
  return records.map((item, index) => makeRow(item.record, spec, { index, line: lineOf(item.info), offset: 0, length: 0 }, problems));
}

/** Rows of CSV (or, with a tab delimiter, TSV) text arriving in `chunks`. Throws on text that is not CSV. */
export async function* csvRows(chunks: AsyncIterable<Buffer>, spec: DatasetSpec & { path: string }, delimiter: ',' | '\t', problems: Problem[]): AsyncGenerator<DatasetRow> {
  const parser = parse(csvOptions(delimiter));
  const source = Readable.from(chunks);
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  const lineOf = lineTracker();
  let index = 0;
  try {
    for await (const item of parser as AsyncIterable<CsvRecord>) {
      yield makeRow(item.record, spec, { index: index++, line: lineOf(item.info), offset: 0, length: 0 }, problems);
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
}
