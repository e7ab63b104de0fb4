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

export async function readDataset(spec: DatasetSpec & { path: string }, opts: ReadDatasetOptions = {}): Promise<Result<DatasetRow[]>> {
  const limit = opts.limit ?? Infinity;
  const rows: DatasetRow[] = [];
  const problems: Problem[] = [];
  let stream: fs.ReadStream | undefined;
  try {
    stream = fs.createReadStream(spec.path, { highWaterMark: 1 << 16 });
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let carryOffset = 0;
    let line = 0;
    let first = true;
    let isArray = false;
    let whole = '';
    const take = (raw: string, offset: number) => {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (text.trim() !== '') {
        try {
          rows.push(makeRow(JSON.parse(text), spec, { index: rows.length, line, offset, length: text.length }, problems));
        } catch (e) {
          if (problems.length <= MAX_DATASET_PROBLEMS) problems.push(brokenLine(spec, line, offset, text.length, e));
        }
      }
      line++;
    };
    for await (const chunk of stream) {
      if (opts.signal?.aborted) break;
      let text = decoder.write(chunk as Buffer);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (/^\s*\[/.test(text)) isArray = true;
        // The format is decided by the first non-blank character, which may come in a later chunk.
        first = text.trim() === '';
      }
      if (isArray) {
        whole += text;
        continue;
      }
      carry += text;
      let start = 0;
      for (let nl = carry.indexOf('\n'); nl !== -1 && rows.length < limit; nl = carry.indexOf('\n', start)) {
        take(carry.slice(start, nl), carryOffset + start);
        start = nl + 1;
      }
      carryOffset += start;
      carry = carry.slice(start);
      if (rows.length >= limit) break;
    }
    if (isArray) {
      whole += decoder.end();
      const r = parseDatasetText(whole, spec, opts.limit !== undefined ? { limit: opts.limit } : {});
      return r;
    }
    carry += decoder.end();
    if (rows.length < limit && carry !== '') take(carry, carryOffset);
  } catch (e) {
    return { value: rows, problems: [...problems, notFoundProblem(spec.path, e)] };
  } finally {
    stream?.destroy();
  }
  return { value: rows, problems };
}
