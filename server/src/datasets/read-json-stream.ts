// JSONL (and JSON arrays) from a stream of bytes, which may come from a plain file or a decompressor. JSONL is
// split line by line, so a large file never holds more than one chunk of raw text; JSON arrays are gathered
// whole (their rows cannot be split safely without parsing). Broken lines become problems and the read goes on.
import { StringDecoder } from 'node:string_decoder';
import type { Problem } from '../problems/problem';
import { brokenLine, makeRow, type DatasetRow, type DatasetSpec } from './dataset-row';
import { MAX_DATASET_PROBLEMS, parseDatasetText } from './parse-dataset-text';

/**
 * A JSONL line longer than this is skipped with one `dataset/line-too-long` problem instead of being parsed: no
 * math problem is this long, a string this size is near what JavaScript can hold, and parsing it would stall a
 * run for seconds (docs/recipe-format.md, "Dataset files").
 */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * A JSON array is gathered whole before it is parsed; past this many characters the read stops with an error
 * instead, because a small compressed file can expand to more text than memory holds. JSONL has no such limit.
 */
export const MAX_ARRAY_CHARS = 256 * 1024 * 1024;

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

/** Rows of JSON text arriving in `chunks`; problems are appended to `problems` as they are found. */
export async function* jsonRows(chunks: AsyncIterable<Buffer>, spec: DatasetSpec & { path: string }, problems: Problem[], maxLine = MAX_LINE_CHARS, maxArray = MAX_ARRAY_CHARS): AsyncGenerator<DatasetRow> {
  const decoder = new StringDecoder('utf8');
  const ready: DatasetRow[] = [];
  // The unfinished line is kept as a list of pieces and joined once, when its line break arrives: appending
  // to one string and searching it again for every chunk made a long line cost time quadratic in its length.
  let pieces: string[] = [];
  let pending = 0;
  let lineOffset = 0;
  let line = 0;
  let index = 0;
  let first = true;
  let isArray = false;
  let whole: string[] = [];
  let wholeLength = 0;
  const take = (raw: string) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Looking for one non-blank character, not trimming: trimming copies the whole (possibly huge) line.
    if (/\S/.test(text)) {
      try {
        ready.push(makeRow(JSON.parse(text), spec, { index: index++, line, offset: lineOffset, length: text.length }, problems));
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
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (/^\s*\[/.test(text)) isArray = true;
      // The format is decided by the first non-blank character, which may come in a later chunk.
      first = !/\S/.test(text);
    }
    if (isArray) {
      whole.push(text);
      wholeLength += text.length;
      if (wholeLength > maxArray) throw new Error(`a JSON array longer than ${+(maxArray / (1024 * 1024)).toFixed(2)} MB of text cannot be read; write it as JSONL, one row a line`);
      continue;
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      endLine(text.slice(start, nl));
      start = nl + 1;
    }
    if (start < text.length) keep(start ? text.slice(start) : text);
    while (ready.length) yield ready.shift()!;
  }
  if (isArray) {
    const r = parseDatasetText(whole.join('') + decoder.end(), spec);
    whole = [];
    problems.push(...r.problems);
    yield* r.value;
    return;
  }
  const rest = decoder.end();
  if (pending + rest.length > 0) endLine(rest);
  yield* ready;
}
