// What the editor shows about a dataset file on hover: its row count and its first row. The editor asks on
// the server's main thread, so nothing here parses the whole file: the first row comes from a capped head of
// the file, and rows are counted by scanning bytes in chunks, handing the event loop back between chunks, up to
// a cap past which the count is a lower bound ("at least N"). docs/recipe-format.md, "Dataset files", says so.
import * as fs from 'node:fs';
import type { Result } from '../problems/problem';
import type { DatasetRow, DatasetSpec } from './dataset-row';
import { parseDatasetText } from './parse-dataset-text';
import { notFoundProblem, readMagic } from './read-dataset';
import { listDatasetFiles } from './dataset-files';
import { detectFormat, type DatasetFormat } from './dataset-format';
import { summarizeStreamed } from './summarize-streamed';

export interface DatasetSummary {
  exists: boolean;
  /** Rows counted: non-blank lines of a JSONL file, elements of a JSON array. */
  rows: number;
  /** True when counting stopped at the cap, so the file holds at least `rows` rows. */
  atLeast: boolean;
  /** The first row, when it lies within the head read; absent when the first line is longer than the head. */
  first?: DatasetRow;
  /** Lines of the head that are not valid JSON, and how many lines of the head were looked at. */
  broken: number;
  sampled: number;
  /** The format of the (first) file, and how many files a folder or glob names. */
  format?: DatasetFormat;
  files?: number;
  /** The first problem met while reading a file that is not plain JSON text (a bad format, a broken row). */
  problem?: string;
}

export interface SummarizeOptions {
  /** Bytes of the head parsed for the first rows. */
  headBytes?: number;
  /** Bytes scanned to count rows; a larger file gets a lower bound. */
  countBytes?: number;
  signal?: AbortSignal;
}

/** Enough for 20 GSM8K or MATH rows; a first line longer than this is not shown. */
export const SUMMARY_HEAD_BYTES = 64 * 1024;
/** Counting 256 MB takes well under a second of scanning, spread over many turns of the event loop. */
export const SUMMARY_COUNT_BYTES = 256 * 1024 * 1024;
const CHUNK = 1 << 20;
const HEAD_ROWS = 20;

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

/** Counts non-blank lines: a line counts once it shows a byte other than space, tab or carriage return. */
class LineCounter {
  rows = 0;
  private content = false;
  add(buf: Buffer, n: number): void {
    let pos = 0;
    while (pos < n) {
      const nl = buf.indexOf(LF, pos);
      const end = nl < 0 || nl >= n ? n : nl;
      // Only the start of a line is looked at byte by byte: a row starts with `{` at once, so this is short.
      for (let i = pos; !this.content && i < end; i++) {
        const b = buf[i]!;
        if (b !== SPACE && b !== TAB && b !== CR) this.content = true;
      }
      if (end === n) return;
      if (this.content) this.rows++;
      this.content = false;
      pos = end + 1;
    }
  }
  finish(): void {
    if (this.content) this.rows++;
    this.content = false;
  }
}

/** Counts the top-level elements of a JSON array by tracking strings and nesting, a byte at a time. */
class ElementCounter {
  rows = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The current element has shown a character, so a comma or the closing bracket ends one more row. */
  private pending = false;
  add(buf: Buffer, n: number): void {
    for (let i = 0; i < n; i++) {
      const b = buf[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) this.inString = false;
      } else if (b === 0x5b || b === 0x7b) {
        if (this.depth === 1) this.pending = true;
        this.depth++;
      } else if (b === 0x5d || b === 0x7d) {
        if (--this.depth === 0) this.finish();
      } else if (b === 0x2c && this.depth === 1) {
        this.finish();
      } else if (b !== SPACE && b !== TAB && b !== CR && b !== LF) {
        if (b === 0x22) this.inString = true;
        if (this.depth === 1) this.pending = true;
      }
    }
  }
  finish(): void {
    if (this.pending) this.rows++;
    this.pending = false;
  }
}

/**
 * The summary of the dataset at `spec.path`. One plain JSON text file is summarized from its bytes (below);
 * anything else (another format, compression, a folder or glob) by streaming its rows (summarize-streamed.ts).
 */
export async function summarizeDataset(spec: DatasetSpec & { path: string }, opts: SummarizeOptions = {}): Promise<Result<DatasetSummary>> {
  const listed = listDatasetFiles(spec.path);
  const files = listed.value.files;
  if (!files.length) return { value: { exists: false, rows: 0, atLeast: false, broken: 0, sampled: 0, ...(listed.value.many ? { files: 0 } : {}) }, problems: listed.problems };
  if (!listed.value.many) {
    try {
      const info = detectFormat(files[0]!, await readMagic(files[0]!)).value;
      if (info?.format === 'json' && info.compression === 'none') return summarizeJsonText(spec, opts);
    } catch {
      return summarizeJsonText(spec, opts);
    }
  }
  const r = await summarizeStreamed(spec, listed.value, opts.signal);
  const v = r.value;
  return {
    value: {
      exists: true, rows: v.rows, atLeast: v.atLeast, broken: 0, sampled: v.first ? 1 : 0,
      ...(v.first ? { first: v.first } : {}), ...(v.format ? { format: v.format } : {}), ...(listed.value.many ? { files: v.files } : {}),
      ...(v.problem ? { problem: v.problem.message } : {}),
    },
    problems: r.problems,
  };
}

async function summarizeJsonText(spec: DatasetSpec & { path: string }, opts: SummarizeOptions): Promise<Result<DatasetSummary>> {
  const headBytes = opts.headBytes ?? SUMMARY_HEAD_BYTES;
  const countBytes = opts.countBytes ?? SUMMARY_COUNT_BYTES;
  let handle: fs.promises.FileHandle | undefined;
  try {
    const st = await fs.promises.stat(spec.path);
    if (!st.isFile()) return { value: { exists: false, rows: 0, atLeast: false, broken: 0, sampled: 0 }, problems: [] };
    handle = await fs.promises.open(spec.path, 'r');
    const headBuf = Buffer.alloc(Math.min(headBytes, st.size));
    const { bytesRead } = await handle.read(headBuf, 0, headBuf.length, 0);
    // A character cut at the end of the head decodes as U+FFFD; it is dropped with the unfinished line anyway.
    const head = headBuf.subarray(0, bytesRead).toString('utf8');
    const complete = st.size <= headBytes;
    const parsed = parseDatasetText(head, spec, { limit: HEAD_ROWS, truncated: !complete });
    const broken = parsed.problems.filter((p) => p.code === 'dataset/bad-json').length;
    const isArray = /^\uFEFF?\s*\[/.test(head);
    const counter = isArray ? new ElementCounter() : new LineCounter();
    const buf = Buffer.alloc(CHUNK);
    let pos = 0;
    const limit = Math.min(st.size, countBytes);
    while (pos < limit) {
      if (opts.signal?.aborted) break;
      const { bytesRead: n } = await handle.read(buf, 0, Math.min(CHUNK, limit - pos), pos);
      if (n === 0) break;
      counter.add(buf, n);
      pos += n;
    }
    const atLeast = pos < st.size;
    // An unfinished last line (or element of an unclosed array) counts only when the file really ends there.
    if (!atLeast) counter.finish();
    const first = parsed.value[0];
    return {
      value: { exists: true, rows: counter.rows, atLeast, broken, sampled: parsed.value.length + broken, ...(first ? { first } : {}) },
      problems: [],
    };
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') return { value: { exists: false, rows: 0, atLeast: false, broken: 0, sampled: 0 }, problems: [] };
    return { value: { exists: false, rows: 0, atLeast: false, broken: 0, sampled: 0 }, problems: [notFoundProblem(spec.path, e)] };
  } finally {
    await handle?.close();
  }
}
