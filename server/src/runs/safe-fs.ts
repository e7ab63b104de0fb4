// The run store's file-system boundary. A `.passk/` folder may come from a stranger (a cloned repository, an
// unpacked archive), so nothing in it is trusted to be what its name says: a symbolic link planted as
// `samples.jsonl` or as the `.passk/` folder itself would make passk cut, append to or overwrite a file outside
// the run. Every reader and writer of run files goes through these helpers, which refuse links (lstat checks on
// folders, O_NOFOLLOW on files), refuse anything that is not a regular file, and replace whole files atomically
// (a temporary file in the same folder, then rename) so a reader never sees half a file. See docs/runs.md.
// Failures throw an UnsafePathError or the system error; the callers turn them into problems.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const { O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY, O_NONBLOCK } = fs.constants;
// O_NONBLOCK keeps a planted FIFO from blocking the open forever; on regular files it changes nothing.
const READ_FLAGS = O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
const APPEND_FLAGS = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW;
const CREATE_FLAGS = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

/** A path the run store refuses to use: a symbolic link, or something that is not a regular file or folder. */
export class UnsafePathError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file} ${reason}; passk does not follow links or use special files in its run store, so remove it (or move the real file there) and retry`);
    this.name = 'UnsafePathError';
  }
}

/** The message of an error from these helpers, for a problem (system errors keep their code and path). */
export function fsErrorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Throws unless `p` is absent or a real (non-link) folder. */
export function assertRealDirIfPresent(p: string): boolean {
  const st = lstatOrUndefined(p);
  if (!st) return false;
  if (st.isSymbolicLink()) throw new UnsafePathError(p, 'is a symbolic link');
  if (!st.isDirectory()) throw new UnsafePathError(p, 'is not a folder');
  return true;
}

/**
 * The folder below which every component of a run path is checked: the parent of the last `.passk` component
 * (the recipe's folder, which belongs to the user), or the run folder's parent when the path has no `.passk`.
 */
export function storeBase(dir: string): string {
  const parts = path.resolve(dir).split(path.sep);
  const i = parts.lastIndexOf('.passk');
  return i > 0 ? parts.slice(0, i).join(path.sep) || path.sep : path.dirname(path.resolve(dir));
}

/**
 * Creates `dir` (and its parents below `base`) as real folders, refusing any component below `base` that is
 * a symbolic link or not a folder. `base` itself (the user's recipe folder) is taken as it is.
 */
export function ensureRealDir(dir: string, base = storeBase(dir)): void {
  const abs = path.resolve(dir);
  const rel = path.relative(path.resolve(base), abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UnsafePathError(abs, `is outside ${base}`);
  let cur = path.resolve(base);
  for (const part of rel ? rel.split(path.sep) : []) {
    cur = path.join(cur, part);
    if (assertRealDirIfPresent(cur)) continue;
    try {
      fs.mkdirSync(cur);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    // Another process may have made it between the check and mkdir; whatever is there now must be a folder.
    assertRealDirIfPresent(cur);
  }
}

/** Throws unless every existing component of `dir` below its store base is a real folder; false when absent. */
export function isRealDir(dir: string, base = storeBase(dir)): boolean {
  const abs = path.resolve(dir);
  const rel = path.relative(path.resolve(base), abs);
  let cur = path.resolve(base);
  for (const part of rel && !rel.startsWith('..') ? rel.split(path.sep) : []) {
    cur = path.join(cur, part);
    if (!assertRealDirIfPresent(cur)) return false;
  }
  return true;
}

function regularFd(fd: number, file: string): number {
  const st = fs.fstatSync(fd);
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw new UnsafePathError(file, 'is not a regular file');
  }
  return fd;
}

function linkError(e: unknown, file: string): unknown {
  // O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK/EFTYPE (some BSDs).
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE' ? new UnsafePathError(file, 'is a symbolic link') : e;
}

/** Opens an existing regular file for reading without following a link at its name. */
export function openReadNoFollow(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, READ_FLAGS);
  } catch (e) {
    throw linkError(e, file);
  }
  return regularFd(fd, file);
}

/** Opens (creating it if needed) a regular file for appending, without following a link at its name. */
export function openAppendNoFollow(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, APPEND_FLAGS, 0o644);
  } catch (e) {
    throw linkError(e, file);
  }
  return regularFd(fd, file);
}

/** Reads a whole regular file as UTF-8 without following a link; throws ENOENT when it is missing. */
export function readFileNoFollow(file: string): string {
  const fd = openReadNoFollow(file);
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Like readFileNoFollow, but undefined when the file does not exist. */
export function readFileIfPresent(file: string): string | undefined {
  try {
    return readFileNoFollow(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Throws when `file` exists and is a link or not a regular file; false when it is absent. */
export function assertRegularIfPresent(file: string): boolean {
  const st = lstatOrUndefined(file);
  if (!st) return false;
  if (st.isSymbolicLink()) throw new UnsafePathError(file, 'is a symbolic link');
  if (!st.isFile()) throw new UnsafePathError(file, 'is not a regular file');
  return true;
}

/** A fresh, unguessable temporary name beside `file` (same folder, so rename is atomic). */
export function tempNameFor(file: string): string {
  return `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Creates a new file exclusively (never an existing file, never through a link) and opens it for writing. */
export function openNewNoFollow(file: string): number {
  return fs.openSync(file, CREATE_FLAGS, 0o644);
}

/** Creates a new file exclusively (never an existing file or a link) and writes `data` to it. */
export function writeNewFile(file: string, data: string | Buffer): void {
  const fd = openNewNoFollow(file);
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

export interface AtomicWriteOptions {
  /** Replace a symbolic link at `file` (the link itself, never its target) instead of refusing it. */
  replaceLink?: boolean;
}

/**
 * Replaces `file` as a whole: the data goes to a new temporary file in the same folder, which is then renamed
 * over `file`, so readers see the old or the new content and never a mix. rename replaces a link at `file`
 * rather than writing through it; unless `replaceLink` is set a link there is refused, because in a run store
 * it was planted.
 */
export function writeFileAtomic(file: string, data: string | Buffer, opts: AtomicWriteOptions = {}): void {
  const st = lstatOrUndefined(file);
  if (st && !(st.isFile() || (opts.replaceLink && st.isSymbolicLink()))) {
    throw new UnsafePathError(file, st.isSymbolicLink() ? 'is a symbolic link' : 'is not a regular file');
  }
  const tmp = tempNameFor(file);
  try {
    writeNewFile(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** writeFileAtomic for JSON, pretty-printed with a final newline. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Truncates a regular file (never a link) to `size` bytes. */
export function truncateNoFollow(file: string, size: number): void {
  let fd: number;
  try {
    fd = fs.openSync(file, O_WRONLY | O_NOFOLLOW);
  } catch (e) {
    throw linkError(e, file);
  }
  try {
    regularFd(fd, file);
    fs.ftruncateSync(fd, size);
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // regularFd already closed it when it refused the file.
    }
  }
}
