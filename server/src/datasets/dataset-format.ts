// Which format a dataset file is in. The file's name proposes a format (`.parquet`, `.csv`, `.tsv`, `.json`,
// `.jsonl`, with `.gz` or `.zst` for compressed text) and the file's first bytes confirm it, so a Parquet file
// named `.jsonl` or a `.gz` that is not gzip is one clear `dataset/bad-format` problem instead of every line
// being "not valid JSON" (docs/recipe-format.md, "Datasets").
import type { Problem, Result } from '../problems/problem';

/** How rows are laid out once the bytes are decompressed. `json` covers JSONL and JSON arrays alike. */
export type DatasetFormat = 'json' | 'parquet' | 'csv' | 'tsv';
export type DatasetCompression = 'none' | 'gzip' | 'zstd';

export interface FormatInfo {
  format: DatasetFormat;
  compression: DatasetCompression;
}

/** Bytes of a file's head that `detectFormat` needs: the longest magic number is 4 bytes, NUL checks want more. */
export const FORMAT_SNIFF_BYTES = 4096;

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const PAR1 = [0x50, 0x41, 0x52, 0x31];

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  if (head.length < magic.length) return false;
  return magic.every((b, i) => head[i] === b);
}

/** What the bytes say the file is, independent of its name. */
function contentKind(head: Uint8Array): 'gzip' | 'zstd' | 'parquet' | 'binary' | 'text' {
  if (startsWith(head, GZIP)) return 'gzip';
  if (startsWith(head, ZSTD)) return 'zstd';
  if (startsWith(head, PAR1)) return 'parquet';
  // A NUL byte never occurs in UTF-8 text a person wrote; it marks some other binary format.
  for (let i = 0; i < Math.min(head.length, FORMAT_SNIFF_BYTES); i++) if (head[i] === 0) return 'binary';
  return 'text';
}

/** The format a name proposes, looking through one compression suffix. */
export function formatFromName(file: string): { format?: DatasetFormat; compression: DatasetCompression } {
  let name = file.toLowerCase();
  let compression: DatasetCompression = 'none';
  if (name.endsWith('.gz')) [name, compression] = [name.slice(0, -3), 'gzip'];
  else if (name.endsWith('.zst') || name.endsWith('.zstd')) [name, compression] = [name.replace(/\.zstd?$/, ''), 'zstd'];
  if (name.endsWith('.parquet')) return { format: 'parquet', compression };
  if (name.endsWith('.csv')) return { format: 'csv', compression };
  if (name.endsWith('.tsv')) return { format: 'tsv', compression };
  if (/\.(jsonl|ndjson|json)$/.test(name)) return { format: 'json', compression };
  return { compression };
}

/** True when the name has an extension passk reads, so a folder's other files (a README) are left out. */
export function isDatasetFileName(file: string): boolean {
  return formatFromName(file).format !== undefined;
}

const KIND_NAMES = { gzip: 'gzip-compressed', zstd: 'zstd-compressed', parquet: 'Parquet', binary: 'binary (not text)', text: 'text' } as const;

function badFormat(file: string, message: string): Problem {
  return { code: 'dataset/bad-format', severity: 'error', message, file, span: { start: 0, end: 0 }, data: { line: 0 } };
}

/**
 * The format of `file` from its name and first bytes (`head`, FORMAT_SNIFF_BYTES or the whole file). A name
 * without a known extension is read as what its content shows, and text defaults to JSON (as before formats).
 */
export function detectFormat(file: string, head: Uint8Array): Result<FormatInfo | undefined> {
  const named = formatFromName(file);
  const kind = contentKind(head);
  const fail = (why: string) => ({ value: undefined, problems: [badFormat(file, `The dataset file ${file} ${why}.`)] });
  if (named.compression !== 'none') {
    if (kind !== named.compression) return fail(`is named as ${KIND_NAMES[named.compression]} but its content is ${KIND_NAMES[kind]}`);
    if (named.format === 'parquet') return fail('is a compressed Parquet file; Parquet compresses its own pages, so store it uncompressed');
    return { value: { format: named.format ?? 'json', compression: named.compression }, problems: [] };
  }
  if (named.format === 'parquet') {
    if (kind !== 'parquet') return fail(`is named .parquet but its content is ${KIND_NAMES[kind]} (a Parquet file starts with "PAR1")`);
    return { value: { format: 'parquet', compression: 'none' }, problems: [] };
  }
  if (named.format) {
    if (kind !== 'text') return fail(`is named as ${named.format === 'json' ? 'JSON' : named.format.toUpperCase()} text but its content is ${KIND_NAMES[kind]}; rename it to match its format`);
    return { value: { format: named.format, compression: 'none' }, problems: [] };
  }
  if (kind === 'parquet') return { value: { format: 'parquet', compression: 'none' }, problems: [] };
  if (kind === 'gzip' || kind === 'zstd') return { value: { format: 'json', compression: kind }, problems: [] };
  if (kind === 'binary') return fail('is binary, not one of the formats passk reads (JSONL, JSON, Parquet, CSV, TSV, optionally .gz or .zst)');
  return { value: { format: 'json', compression: 'none' }, problems: [] };
}

/** The problem for a file whose content does not parse in the format it was detected as. */
export function unreadableFormat(file: string, format: DatasetFormat, error: unknown): Problem {
  const detail = error instanceof Error ? error.message : String(error);
  return badFormat(file, `The dataset file ${file} cannot be read as ${format === 'json' ? 'JSON' : format === 'parquet' ? 'Parquet' : format.toUpperCase()} (${detail}).`);
}
