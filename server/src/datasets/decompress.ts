// Decompression of gzip and zstd dataset files, as a stream for reads (a million-row `.jsonl.gz` never sits in
// memory whole) and synchronously for the capped head the validator peeks at while the user types. zstd comes
// from `fzstd`, a pure-JavaScript decoder, so no native build is needed.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import type { DatasetCompression } from './dataset-format';

const CHUNK = 1 << 16;

async function* zstdChunks(file: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  const decoder = new Decompress((data) => {
    out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) return;
      decoder.push(chunk as Buffer);
      while (out.length) yield out.shift()!;
    }
    decoder.push(new Uint8Array(0), true);
    while (out.length) yield out.shift()!;
  } finally {
    stream.destroy();
  }
}

/** The decompressed bytes of `file`, chunk by chunk; rejects (while iterating) on a corrupt stream. */
export async function* decompressedChunks(file: string, compression: DatasetCompression, signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (compression === 'zstd') {
    yield* zstdChunks(file, signal);
    return;
  }
  const raw = fs.createReadStream(file, { highWaterMark: CHUNK });
  const stream = compression === 'gzip' ? raw.pipe(zlib.createGunzip()) : raw;
  // A read error on the file is forwarded to the gunzip stream, which the loop below then rejects with.
  if (stream !== raw) raw.on('error', (e) => stream.destroy(e));
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) return;
      yield chunk as Buffer;
    }
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

/**
 * Up to `maxOut` decompressed bytes from a compressed head (`head` may stop mid-stream). A head that expands
 * past `maxOut` is cut there, so a compression bomb costs at most `maxOut` bytes. Throws on corrupt data.
 */
export function decompressHead(head: Uint8Array, compression: DatasetCompression, maxOut: number): Buffer {
  if (compression === 'none') return Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, maxOut));
  const out: Buffer[] = [];
  let size = 0;
  if (compression === 'gzip') {
    // The sync flush lets a truncated stream give what it has instead of failing with "unexpected end of file".
    const inflater = zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    for (let i = 0; i < head.byteLength && size < maxOut; i += CHUNK) {
      const piece = (inflater as unknown as { _processChunk(b: Buffer, flush: number): Buffer })._processChunk(Buffer.from(head.subarray(i, i + CHUNK)), zlib.constants.Z_SYNC_FLUSH);
      out.push(piece);
      size += piece.length;
    }
    inflater.close();
  } else {
    const decoder = new Decompress((data) => {
      out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      size += data.byteLength;
    });
    for (let i = 0; i < head.byteLength && size < maxOut; i += CHUNK) decoder.push(head.subarray(i, i + CHUNK));
  }
  const all = Buffer.concat(out);
  return all.length > maxOut ? all.subarray(0, maxOut) : all;
}
