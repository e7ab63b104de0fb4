// Parquet datasets, read with `hyparquet` (pure JavaScript, with `hyparquet-compressors` for the page codecs hub
// exports use). Rows are decoded one row group at a time, so a million-row file is never in memory whole, and
// the column names the validator and completion need come from the footer alone, read synchronously.
import * as fs from 'node:fs';
import { parquetMetadata, parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

/** A footer larger than this is not read by the validator (hub exports have footers of kilobytes). */
const MAX_FOOTER_BYTES = 16 * 1024 * 1024;

/**
 * A row group claiming more rows than this is refused: it is decoded whole, and a hostile footer could otherwise
 * make one group ask for more memory than exists. Hub exports keep groups near 100k rows.
 */
export const MAX_GROUP_ROWS = 4_000_000;

/** A column path of the schema; `opaque` when its value is a list, map or JSON text whose inner keys vary. */
export interface ColumnPath {
  path: string;
  opaque: boolean;
}

/** Parquet values become plain JSON-like values: 64-bit integers, dates and bytes would break JSON.stringify. */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (Array.isArray(v)) return v.map(plainValue);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainValue(x);
    return out;
  }
  return v;
}

function fileBuffer(handle: fs.promises.FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number) {
      const stop = end ?? size;
      const buf = Buffer.alloc(Math.max(0, stop - start));
      const { bytesRead } = await handle.read(buf, 0, buf.length, start);
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer;
    },
  };
}

/**
 * Streams the rows of a Parquet file, one row group at a time, each row as a plain object with its 0-based row
 * number. Throws (from the iteration) when the file is not valid Parquet.
 */
export async function* parquetRows(file: string, signal?: AbortSignal): AsyncGenerator<{ row: Record<string, unknown>; index: number }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = fileBuffer(handle, size);
    const metadata = await parquetMetadataAsync(buffer);
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      if (signal?.aborted) return;
      const groupRows = Number(group.num_rows);
      if (!(groupRows >= 0 && groupRows <= MAX_GROUP_ROWS)) throw new Error(`a row group claims ${groupRows} rows; passk reads row groups of at most ${MAX_GROUP_ROWS} rows`);
      const groupEnd = groupStart + groupRows;
      const rows = await parquetReadObjects({ file: buffer, metadata, compressors, rowStart: groupStart, rowEnd: groupEnd });
      for (let i = 0; i < rows.length; i++) yield { row: plainValue(rows[i]) as Record<string, unknown>, index: groupStart + i };
      groupStart = groupEnd;
    }
  } finally {
    await handle.close();
  }
}

/** The footer metadata of a Parquet file, read synchronously from its tail. Throws when it is not Parquet. */
export function parquetFooterSync(file: string): FileMetaData {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size < 12) throw new Error('the file is too short to be Parquet');
    const tail = Buffer.alloc(8);
    fs.readSync(fd, tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4) !== 'PAR1') throw new Error('the file does not end with "PAR1"');
    const footer = tail.readUInt32LE(0);
    if (footer + 8 > size || footer > MAX_FOOTER_BYTES) throw new Error(`the footer length ${footer} does not fit the file`);
    const buf = Buffer.alloc(footer + 8);
    fs.readSync(fd, buf, 0, buf.length, size - buf.length);
    return parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer);
  } finally {
    fs.closeSync(fd);
  }
}

/** The column paths of a schema: struct fields as dotted paths, lists, maps and JSON columns as opaque leaves. */
export function parquetColumns(metadata: FileMetaData): ColumnPath[] {
  const out: ColumnPath[] = [];
  const walk = (node: SchemaTree, prefix: string) => {
    for (const child of node.children) {
      const path = prefix ? `${prefix}.${child.element.name}` : child.element.name;
      const ct = child.element.converted_type;
      const lt = child.element.logical_type?.type;
      const opaque = ct === 'LIST' || ct === 'MAP' || ct === 'MAP_KEY_VALUE' || ct === 'JSON' || lt === 'LIST' || lt === 'MAP' || lt === 'JSON';
      if (child.children.length && !opaque) {
        out.push({ path, opaque: false });
        walk(child, path);
      } else out.push({ path, opaque: opaque || child.element.repetition_type === 'REPEATED' });
    }
  };
  walk(parquetSchema(metadata), '');
  return out;
}
