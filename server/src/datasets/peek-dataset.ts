// The first rows of a dataset, for validation while the user types: the validator needs to know whether the
// dataset exists, whether its format can be read and which field names its first rows have, many times a
// second, so results are cached by path, modification time and size, and only the head of a file is read (the
// footer, for Parquet). A folder or glob is peeked through its first shard.
import * as fs from 'node:fs';
import type { Problem, Result } from '../problems/problem';
import type { DatasetRow } from './dataset-row';
import { listDatasetFiles } from './dataset-files';
import { detectFormat, FORMAT_SNIFF_BYTES, unreadableFormat, type DatasetFormat } from './dataset-format';
import { decompressHead } from './decompress';
import { parseDatasetText } from './parse-dataset-text';
import { csvRowsSync } from './read-csv';
import { parquetColumns, parquetFooterSync, type ColumnPath } from './read-parquet';

/** The file access the validator needs; tests and the LSP (unsaved buffers) can supply their own. */
export interface DatasetFs {
  /** Undefined when the path does not exist or is not a regular file. */
  stat(path: string): { mtimeMs: number; size: number } | undefined;
  /** Up to `maxBytes` bytes from the start of the file, decoded as UTF-8 (a cut character is dropped). */
  readHead(path: string, maxBytes: number): string;
  /** Up to `maxBytes` raw bytes from the start of the file; without it, `readHead`'s text is used. */
  readBytes?(path: string, maxBytes: number): Buffer;
}

function readBytesSync(path: string, maxBytes: number): Buffer {
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    const n = fs.readSync(fd, buf, 0, maxBytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export const nodeDatasetFs: DatasetFs = {
  stat(path) {
    try {
      const s = fs.statSync(path);
      return s.isFile() ? { mtimeMs: s.mtimeMs, size: s.size } : undefined;
    } catch {
      return undefined;
    }
  },
  readHead(path, maxBytes) {
    return readBytesSync(path, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
  },
  readBytes: readBytesSync,
};

export interface DatasetPeek {
  exists: boolean;
  /** The first rows (up to n), parsed with every field name known but none required. */
  rows: DatasetRow[];
  /** True when the rows shown are the whole dataset. */
  complete: boolean;
  /** The format of the (first) file, when it could be told. */
  format?: DatasetFormat;
  /** Parquet: the schema's column paths and the file's row count (its rows are not decoded while typing). */
  columns?: ColumnPath[];
  rowCount?: number;
  /** How many files a folder or glob names. */
  files?: number;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  n: number;
  result: Result<DatasetPeek>;
}

const cache = new Map<string, CacheEntry>();
const MAX_CACHE = 256;
/** Enough for 20 rows of GSM8K or MATH many times over; a head this big and still short of n rows stops. */
const HEAD_STEPS = [1 << 16, 1 << 20, 1 << 22];
/** Decompressed text looked at per step: compression shrinks text several times, so the head grows with it. */
const INFLATE_FACTOR = 8;

function peekFile(path: string, n: number, st: { size: number }, dfs: DatasetFs): Result<DatasetPeek> {
  const bytes = (max: number) => (dfs.readBytes ? dfs.readBytes(path, max) : Buffer.from(dfs.readHead(path, max), 'utf8'));
  // The first step's head serves format detection too, so a file is read once per step.
  const firstHead = bytes(Math.min(HEAD_STEPS[0]!, st.size));
  const detected = detectFormat(path, firstHead.subarray(0, FORMAT_SNIFF_BYTES));
  const info = detected.value;
  if (!info) return { value: { exists: true, rows: [], complete: true }, problems: detected.problems };
  if (info.format === 'parquet') {
    try {
      const meta = parquetFooterSync(path);
      return { value: { exists: true, rows: [], complete: false, format: 'parquet', columns: parquetColumns(meta), rowCount: Number(meta.num_rows) }, problems: [] };
    } catch (e) {
      return { value: { exists: true, rows: [], complete: true, format: 'parquet' }, problems: [unreadableFormat(path, 'parquet', e)] };
    }
  }
  let result: Result<DatasetPeek> | undefined;
  for (const step of HEAD_STEPS) {
    const raw = step === HEAD_STEPS[0] ? firstHead : bytes(Math.min(step, st.size));
    let complete = st.size <= step;
    let text: string;
    try {
      const maxOut = step * (info.compression === 'none' ? 1 : INFLATE_FACTOR);
      const plain = decompressHead(raw, info.compression, maxOut);
      if (plain.length >= maxOut && info.compression !== 'none') complete = false;
      text = plain.toString('utf8').replace(/\uFFFD$/, '');
    } catch (e) {
      return { value: { exists: true, rows: [], complete: true, format: info.format }, problems: [unreadableFormat(path, info.format, e)] };
    }
    const problems: Problem[] = [];
    let rows: DatasetRow[];
    if (info.format === 'csv' || info.format === 'tsv') {
      try {
        rows = csvRowsSync(text, { path, question: '' }, info.format === 'csv' ? ',' : '\t', problems, { limit: n, truncated: !complete });
      } catch (e) {
        return { value: { exists: true, rows: [], complete: true, format: info.format }, problems: [unreadableFormat(path, info.format, e)] };
      }
    } else {
      // An empty field name reads nothing, so every row parses without "missing field" problems.
      const r = parseDatasetText(text, { path, question: '' }, { limit: n, truncated: !complete });
      rows = r.value;
      problems.push(...r.problems);
    }
    result = { value: { exists: true, rows, complete, format: info.format }, problems: problems.filter((p) => p.code !== 'dataset/missing-field') };
    if (complete || rows.length >= n) break;
  }
  return result!;
}

/**
 * The first `n` rows of the dataset at `path` (a file, folder or glob). Problems are broken lines and
 * unreadable formats (with the dataset file in `file`); a missing file is `exists: false` with no problem,
 * because only the caller knows where in the recipe the path was written.
 */
export function peekDataset(path: string, n = 20, dfs: DatasetFs = nodeDatasetFs): Result<DatasetPeek> {
  try {
    let file = path;
    let st = dfs.stat(path);
    let files: number | undefined;
    if (!st) {
      // Folders and globs are listed on the real file system; an editor buffer is always a single file.
      const listed = listDatasetFiles(path);
      const first = listed.value.files[0];
      if (!listed.value.many) return { value: { exists: false, rows: [], complete: true }, problems: [] };
      if (!first) return { value: { exists: false, rows: [], complete: true, files: 0 }, problems: listed.problems };
      [file, st, files] = [first, dfs.stat(first), listed.value.files.length];
      if (!st) return { value: { exists: false, rows: [], complete: true }, problems: [] };
    }
    const key = `${path}\n${file}`;
    const hit = cache.get(key);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.n >= n) return hit.result;
    const one = peekFile(file, n, st, dfs);
    const result: Result<DatasetPeek> = files === undefined ? one : { value: { ...one.value, files, complete: one.value.complete && files === 1 }, problems: one.problems };
    if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
    cache.set(key, { mtimeMs: st.mtimeMs, size: st.size, n, result });
    return result;
  } catch (e) {
    return {
      value: { exists: false, rows: [], complete: true },
      problems: [{ code: 'dataset/not-found', severity: 'error', message: `The dataset file ${path} cannot be read (${e instanceof Error ? e.message : String(e)}).`, file: path }],
    };
  }
}

/** True when `field` is a column of a Parquet schema, lies inside one (a struct field), or inside an opaque one. */
export function columnHasField(columns: readonly ColumnPath[], field: string): boolean {
  return columns.some((c) => c.path === field || (c.opaque && field.startsWith(`${c.path}.`)));
}

