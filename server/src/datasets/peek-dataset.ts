// The first rows of a dataset file, for validation while the user types: the validator needs to know whether
// the file exists and which field names its first rows have, many times a second, so results are cached by
// path, modification time and size, and only the head of the file is read.
import * as fs from 'node:fs';
import type { Result } from '../core/problem';
import type { DatasetRow } from './dataset-row';
import { parseDatasetText } from './parse-dataset-text';

/** The file access the validator needs; tests and the LSP (unsaved buffers) can supply their own. */
export interface DatasetFs {
  /** Undefined when the path does not exist or is not a regular file. */
  stat(path: string): { mtimeMs: number; size: number } | undefined;
  /** Up to `maxBytes` bytes from the start of the file, decoded as UTF-8 (a cut character is dropped). */
  readHead(path: string, maxBytes: number): string;
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
    const fd = fs.openSync(path, 'r');
    try {
      const buf = Buffer.alloc(maxBytes);
      const n = fs.readSync(fd, buf, 0, maxBytes, 0);
      return buf.subarray(0, n).toString('utf8').replace(/\uFFFD$/, '');
    } finally {
      fs.closeSync(fd);
    }
  },
};

export interface DatasetPeek {
  exists: boolean;
  /** The first rows (up to n), parsed with every field name known but none required. */
  rows: DatasetRow[];
  /** True when the rows shown are the whole file. */
  complete: boolean;
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

/**
 * The first `n` rows of `path`. Problems are broken lines (with the dataset file in `file`); a missing file is
 * `exists: false` with no problem, because only the caller knows where in the recipe the path was written.
 */
export function peekDataset(path: string, n = 20, dfs: DatasetFs = nodeDatasetFs): Result<DatasetPeek> {
  try {
    const st = dfs.stat(path);
    if (!st) return { value: { exists: false, rows: [], complete: true }, problems: [] };
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.n >= n) return hit.result;
    let result: Result<DatasetPeek> | undefined;
    for (const bytes of HEAD_STEPS) {
      const complete = st.size <= bytes;
      const text = dfs.readHead(path, Math.min(bytes, st.size));
      // An empty field name reads nothing, so every row parses without "missing field" problems.
      const r = parseDatasetText(text, { path, question: '' }, { limit: n, truncated: !complete });
      result = { value: { exists: true, rows: r.value, complete }, problems: r.problems.filter((p) => p.code !== 'dataset/missing-field') };
      if (complete || r.value.length >= n) break;
    }
    if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
    cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, n, result: result! });
    return result!;
  } catch (e) {
    return {
      value: { exists: false, rows: [], complete: true },
      problems: [{ code: 'dataset/not-found', severity: 'error', message: `The dataset file ${path} cannot be read (${e instanceof Error ? e.message : String(e)}).`, file: path }],
    };
  }
}
