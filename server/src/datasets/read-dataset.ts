// Reads a dataset for a run: every file its `path` names (one file, a folder or a glob of shards), each in its
// format (JSONL, JSON array, Parquet, CSV, TSV, gzip or zstd text), as one stream of rows. Nothing holds a
// whole large file: text is split as it is decompressed and Parquet is decoded a row group at a time. A file
// that cannot be read in its format is a `dataset/bad-format` problem and the other shards are still read.
// Never throws.
import * as fs from 'node:fs';
import type { Problem, Result } from '../problems/problem';
import type { DatasetRow, DatasetSpec } from './dataset-row';
import { detectFormat, FORMAT_SNIFF_BYTES, unreadableFormat, type FormatInfo } from './dataset-format';
import { listDatasetFiles, shardName } from './dataset-files';
import { decompressedChunks } from './decompress';
import { csvRows } from './read-csv';
import { jsonRows, MAX_LINE_CHARS } from './read-json-stream';
import { parquetRows } from './read-parquet';
import { makeRow } from './dataset-row';

export { MAX_LINE_CHARS } from './read-json-stream';

export interface ReadDatasetOptions {
  /** Stop after this many rows. */
  limit?: number;
  signal?: AbortSignal;
  /** Lines longer than this are skipped with a problem; MAX_LINE_CHARS unless a test needs a smaller cap. */
  maxLineChars?: number;
}

export function notFoundProblem(path: string, error: unknown): Problem {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    code: 'dataset/not-found',
    severity: 'error',
    message: code === 'ENOENT' ? `The dataset file ${path} does not exist.` : `The dataset file ${path} cannot be read (${error instanceof Error ? error.message : String(error)}).`,
    file: path,
  };
}

/** The first bytes of a file, for format detection. */
export async function readMagic(file: string): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(FORMAT_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The rows of one file in its detected format, with file-local index and line. */
export function fileRows(file: string, info: FormatInfo, spec: DatasetSpec, problems: Problem[], opts: ReadDatasetOptions = {}): AsyncGenerator<DatasetRow> {
  const fileSpec = { ...spec, path: file };
  if (info.format === 'parquet') return parquetDatasetRows(file, fileSpec, problems, opts.signal);
  const chunks = decompressedChunks(file, info.compression, opts.signal);
  if (info.format === 'csv' || info.format === 'tsv') return csvRows(chunks, fileSpec, info.format === 'csv' ? ',' : '\t', problems);
  return jsonRows(chunks, fileSpec, problems, opts.maxLineChars ?? MAX_LINE_CHARS);
}

async function* parquetDatasetRows(file: string, spec: DatasetSpec & { path: string }, problems: Problem[], signal?: AbortSignal): AsyncGenerator<DatasetRow> {
  for await (const { row, index } of parquetRows(file, signal)) yield makeRow(row, spec, { index, line: index, offset: 0, length: 0 }, problems);
}

/**
 * Streams the rows of every file of the dataset to `onRow` (return false to stop). Rows are numbered across
 * shards; without an id field a shard's rows are named `<shard>:<line>` so ids stay unique across shards.
 */
export async function forEachDatasetRow(
  spec: DatasetSpec & { path: string },
  opts: ReadDatasetOptions,
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing means "go on", which only void expresses.
  onRow: (row: DatasetRow) => boolean | void,
): Promise<Problem[]> {
  const limit = opts.limit ?? Infinity;
  const listed = listDatasetFiles(spec.path);
  const problems: Problem[] = [...listed.problems];
  const { files, many } = listed.value;
  if (!files.length) {
    const e = Object.assign(new Error(many ? 'no dataset file matches it' : 'no such file'), { code: many ? 'EMPTY' : 'ENOENT' });
    if (!problems.some((p) => p.severity === 'error')) problems.push(notFoundProblem(spec.path, e));
    return problems;
  }
  let index = 0;
  for (const file of files) {
    if (index >= limit || opts.signal?.aborted) break;
    let info: FormatInfo | undefined;
    try {
      const detected = detectFormat(file, await readMagic(file));
      problems.push(...detected.problems);
      info = detected.value;
    } catch (e) {
      problems.push(notFoundProblem(file, e));
    }
    if (!info) continue;
    const shard = many ? shardName(listed.value, file) : undefined;
    const rows = fileRows(file, info, spec, problems, opts);
    try {
      for await (const row of rows) {
        row.index = index++;
        if (shard !== undefined) {
          row.file = file;
          if (!spec.id) row.id = `${shard}:${row.line + 1}`;
        }
        if (onRow(row) === false || index >= limit) break;
      }
    } catch (e) {
      problems.push(unreadableFormat(file, info.format, e));
    } finally {
      await rows.return(undefined);
    }
  }
  return problems;
}

export async function readDataset(spec: DatasetSpec & { path: string }, opts: ReadDatasetOptions = {}): Promise<Result<DatasetRow[]>> {
  const rows: DatasetRow[] = [];
  try {
    const problems = await forEachDatasetRow(spec, opts, (row) => {
      rows.push(row);
    });
    return { value: rows, problems };
  } catch (e) {
    return { value: rows, problems: [notFoundProblem(spec.path, e)] };
  }
}
