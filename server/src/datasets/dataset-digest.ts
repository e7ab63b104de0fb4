// The SHA-256 of a dataset file, which run identities include (docs/runs.md). The editor asks for it every time
// it shows an entry's run, so it is read in chunks, yielding to the event loop between them (a 300 MB dataset
// read in one synchronous call held the language server's main thread for seconds), and remembered for as long
// as the file's size, modification time and inode stay the same.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { listDatasetFiles, shardName } from './dataset-files';

const CHUNK = 1 << 20;
const MAX_CACHED = 64;
const cache = new Map<string, { stamp: string; sha256: string }>();

function stampOf(st: fs.Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}

/**
 * The hex SHA-256 of the dataset's bytes; rejects when it cannot be read. A folder or glob of shards hashes the
 * list of its shards' names and digests, so adding, renaming or changing a shard changes the identity.
 */
export async function datasetDigest(file: string): Promise<string> {
  const st = await fs.promises.stat(file).catch(() => undefined);
  if (st?.isFile()) return fileDigest(file);
  const listed = listDatasetFiles(file);
  if (!listed.value.many || !listed.value.files.length) {
    throw Object.assign(new Error(listed.value.many ? `no dataset file matches ${file}` : `${file} does not exist`), { code: 'ENOENT' });
  }
  const hash = createHash('sha256');
  for (const shard of listed.value.files) hash.update(`${shardName(listed.value, shard)}\0${await fileDigest(shard)}\n`);
  return hash.digest('hex');
}

async function fileDigest(file: string): Promise<string> {
  const before = await fs.promises.stat(file);
  const hit = cache.get(file);
  if (hit && hit.stamp === stampOf(before)) return hit.sha256;
  const hash = createHash('sha256');
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  const sha256 = hash.digest('hex');
  const after = await fs.promises.stat(file);
  // A file that changed while it was read is hashed again next time rather than remembered under a wrong stamp.
  if (stampOf(after) === stampOf(before)) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(file, { stamp: stampOf(after), sha256 });
  }
  return sha256;
}
