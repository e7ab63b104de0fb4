// Which files a dataset `path` names: one file, a folder (its dataset files, at any depth), or a glob such as
// `data/train-*.parquet` or `shards/**/*.jsonl.gz`. Shards come back sorted by their path relative to the
// folder the pattern starts in, so `train-00000-of-00042` is read before `train-00001-of-00042` on every
// machine. The walk never follows a symbolic link (a planted link must not pull in files from elsewhere) and is
// capped in depth, entries and files, because a recipe and its folders may come from a stranger.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, Result } from '../problems/problem';
import { isDatasetFileName } from './dataset-format';

export interface DatasetFiles {
  /** Absolute paths, in reading order. */
  files: string[];
  /** The folder shard names are relative to (ids and messages use the relative names). */
  base: string;
  /** True when `path` is a folder or a glob, so rows carry their shard in their default id. */
  many: boolean;
}

/** More shards than this is a mistake (a glob over a whole disk), not a dataset. */
export const MAX_SHARDS = 10_000;
const MAX_ENTRIES = 200_000;
const MAX_DEPTH = 16;

/** True when the path holds a glob character. */
export function isGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function globRegex(rel: string): RegExp {
  let re = '';
  for (let i = 0; i < rel.length; i++) {
    const c = rel[i]!;
    if (c === '*' && rel[i + 1] === '*') {
      // `**/` matches any number of folders, including none.
      re += rel[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += rel[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = rel.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${rel.slice(i + 1, end).split(',').map((s) => s.replace(/[.+^$()|\\[\]]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Every regular file below `dir` (relative, with `/`), links and special files skipped, within the caps. */
function walk(dir: string, problems: Problem[], file: string): string[] {
  const out: string[] = [];
  let entries = 0;
  const visit = (rel: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let list: fs.Dirent[];
    try {
      list = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of list) {
      if (++entries > MAX_ENTRIES) return;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(child, depth + 1);
      else if (e.isFile()) out.push(child);
    }
  };
  visit('', 0);
  if (entries > MAX_ENTRIES) problems.push({ code: 'dataset/too-many-files', severity: 'warning', message: `The folder ${dir} has more than ${MAX_ENTRIES} entries; only the first were looked at.`, file });
  return out;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The files of the dataset at `p` (absolute). A missing file, an empty folder or a glob that matches nothing
 * gives no files and no problem: the caller knows where in the recipe the path was written.
 */
export function listDatasetFiles(p: string): Result<DatasetFiles> {
  const problems: Problem[] = [];
  if (!isGlob(p)) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return { value: { files: [], base: path.dirname(p), many: false }, problems };
    }
    if (st.isFile()) return { value: { files: [p], base: path.dirname(p), many: false }, problems };
    if (!st.isDirectory()) return { value: { files: [], base: path.dirname(p), many: false }, problems };
    const files = walk(p, problems, p).filter(isDatasetFileName).sort(byCodePoint);
    return capped({ files: files.map((f) => path.join(p, f)), base: p, many: true }, problems, p);
  }
  const parts = p.split(/[\\/]/);
  const firstGlob = parts.findIndex(isGlob);
  const base = parts.slice(0, firstGlob).join(path.sep) || path.sep;
  const rel = parts.slice(firstGlob).join('/');
  // A pattern that climbs out of its folder after the first wildcard would let a glob reach anywhere.
  if (rel.split('/').some((s) => s === '..')) {
    problems.push({ code: 'dataset/bad-path', severity: 'error', message: `The dataset pattern ${p} has ".." after a wildcard; put the folder before the wildcard.`, file: p });
    return { value: { files: [], base, many: true }, problems };
  }
  const re = globRegex(rel);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(base);
  } catch {
    st = undefined;
  }
  if (!st?.isDirectory()) return { value: { files: [], base, many: true }, problems };
  const files = walk(base, problems, p).filter((f) => re.test(f)).sort(byCodePoint);
  return capped({ files: files.map((f) => path.join(base, f)), base, many: true }, problems, p);
}

function capped(v: DatasetFiles, problems: Problem[], p: string): Result<DatasetFiles> {
  if (v.files.length <= MAX_SHARDS) return { value: v, problems };
  problems.push({ code: 'dataset/too-many-files', severity: 'warning', message: `${p} names ${v.files.length} files; only the first ${MAX_SHARDS} are read.`, file: p });
  return { value: { ...v, files: v.files.slice(0, MAX_SHARDS) }, problems };
}

/** The shard's name in ids and messages: its path relative to the dataset's folder, with `/`. */
export function shardName(files: DatasetFiles, file: string): string {
  return path.relative(files.base, file).split(path.sep).join('/');
}
