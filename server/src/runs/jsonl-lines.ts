// Reads a JSONL file line by line without holding it in one string: a 5 000 × 256-sample run is hundreds of
// megabytes, beyond V8's string limit. A last line without its newline is reported separately, because in an
// append-only log it means the writer died mid-write (a torn line), not that the data is corrupt. The file is
// opened without following a link (see safe-fs.ts), since run files may have been planted.
import * as fs from 'node:fs';
import { openReadNoFollow } from './safe-fs';

export interface LineVisit {
  line: string;
  /** Byte offset of the line's first byte. */
  offset: number;
}

/**
 * Yields every complete line; the return value gives the byte length of the complete lines (up to and including
 * the last newline) and of the torn tail after it.
 */
export function* readLines(file: string, chunkSize = 1 << 20): Generator<LineVisit, { completeBytes: number; tornBytes: number }> {
  const fd = openReadNoFollow(file);
  try {
    const buf = Buffer.allocUnsafe(chunkSize);
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = 0;
    let pos = 0;
    for (;;) {
      const read = fs.readSync(fd, buf, 0, chunkSize, pos);
      if (read === 0) break;
      const chunk = carry.length ? Buffer.concat([carry, buf.subarray(0, read)]) : buf.subarray(0, read);
      const chunkOffset = carry.length ? carryOffset : pos;
      pos += read;
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        if (nl < 0) break;
        yield { line: chunk.toString('utf8', start, nl), offset: chunkOffset + start };
        start = nl + 1;
      }
      carry = Buffer.from(chunk.subarray(start));
      carryOffset = chunkOffset + start;
    }
    return { completeBytes: pos - carry.length, tornBytes: carry.length };
  } finally {
    fs.closeSync(fd);
  }
}
