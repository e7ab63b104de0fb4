// Reads a dataset file for a run. JSONL is streamed line by line, so a run over a large file (or with `limit`)
// never holds more than one chunk of raw text; JSON arrays are read whole (their rows cannot be split safely
// without parsing). Broken lines become problems with their line and the read goes on. Never throws.
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Problem, Result } from '../core/problem';
import { brokenLine, makeRow, type DatasetRow, type DatasetSpec } from './dataset-row';
import { MAX_DATASET_PROBLEMS, parseDatasetText } from './parse-dataset-text';

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

/**
 * A JSONL line longer than this is skipped with one `dataset/line-too-long` problem instead of being parsed: no
 * math problem is this long, a string this size is near what JavaScript can hold, and parsing it would stall a
 * run for seconds (docs/recipe-format.md, "Dataset files").
 */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

function tooLong(path: string, line: number, offset: number, length: number, cap: number): Problem {
  const mb = (n: number) => `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  return {
    code: 'dataset/line-too-long',
    severity: 'warning',
    message: `Line ${line + 1} is longer than ${mb(cap)} (${mb(length)}); the row is skipped.`,
    file: path,
    // The span covers the line's first character only: the editor need not measure the whole line to show it.
    span: { start: offset, end: offset + 1 },
    data: { line, length },
  };
}

export async function readDataset(spec: DatasetSpec & { path: string }, opts: ReadDatasetOptions = {}): Promise<Result<DatasetRow[]>> {
  const limit = opts.limit ?? Infinity;
  const maxLine = opts.maxLineChars ?? MAX_LINE_CHARS;
  const rows: DatasetRow[] = [];
  const problems: Problem[] = [];
  let stream: fs.ReadStream | undefined;
  try {
    stream = fs.createReadStream(spec.path, { highWaterMark: 1 << 16 });
    const decoder = new StringDecoder('utf8');
    // The unfinished line is kept as a list of pieces and joined once, when its line break arrives: appending
    // to one string and searching it again for every chunk made a long line cost time quadratic in its length.
    let pieces: string[] = [];
    let pending = 0;
    let lineOffset = 0;
    let line = 0;
    let first = true;
    let isArray = false;
    let whole = '';
    const take = (raw: string) => {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      // Looking for one non-blank character, not trimming: trimming copies the whole (possibly huge) line.
      if (/\S/.test(text)) {
        try {
          rows.push(makeRow(JSON.parse(text), spec, { index: rows.length, line, offset: lineOffset, length: text.length }, problems));
        } catch (e) {
          if (problems.length <= MAX_DATASET_PROBLEMS) problems.push(brokenLine(spec, line, lineOffset, text.length, e));
        }
      }
    };
    /** Ends the current line at `piece` (its last part); an overlong line was dropped piece by piece already. */
    const endLine = (piece: string) => {
      const length = pending + piece.length;
      if (length > maxLine) problems.push(tooLong(spec.path, line, lineOffset, length, maxLine));
      else take(pieces.length ? pieces.join('') + piece : piece);
      pieces = [];
      pending = 0;
      lineOffset += length + 1;
      line++;
    };
    const keep = (piece: string) => {
      pending += piece.length;
      // Past the cap the text is no longer kept: only its length counts, for the offsets of later lines.
      if (pending <= maxLine) pieces.push(piece);
      else pieces = [];
    };
    for await (const chunk of stream) {
      if (opts.signal?.aborted) break;
      let text = decoder.write(chunk as Buffer);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (/^\s*\[/.test(text)) isArray = true;
        // The format is decided by the first non-blank character, which may come in a later chunk.
        first = !/\S/.test(text);
      }
      if (isArray) {
        whole += text;
        continue;
      }
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1 && rows.length < limit; nl = text.indexOf('\n', start)) {
        endLine(text.slice(start, nl));
        start = nl + 1;
      }
      if (rows.length >= limit) break;
      if (start < text.length) keep(start ? text.slice(start) : text);
    }
    if (isArray) {
      whole += decoder.end();
      const r = parseDatasetText(whole, spec, opts.limit !== undefined ? { limit: opts.limit } : {});
      return r;
    }
    if (rows.length < limit) {
      const rest = decoder.end();
      if (pending + rest.length > 0) endLine(rest);
    }
  } catch (e) {
    return { value: rows, problems: [...problems, notFoundProblem(spec.path, e)] };
  } finally {
    stream?.destroy();
  }
  return { value: rows, problems };
}
