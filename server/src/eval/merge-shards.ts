// Combines the runs of an evaluation's shards into the run an unsharded `passk eval` would have made
// (docs/cluster.md): the same run.json identities, every shard's current samples in one samples.jsonl, and a
// summary computed from them over the problems in dataset order, so pass@k, maj@k, their intervals, the report
// and the JSON equal an unsharded run's. Shards are untrusted input and are checked first (shard-set.ts); the
// merged folder is built beside its target under a temporary name and renamed into place only when complete,
// so a failed merge leaves nothing behind and never a half-merged run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Problem, Result } from '../problems/problem';
import type { ProblemCode } from '../problems/problem-codes';
import { runFolderName } from '../runs/fingerprint';
import { LOCK, MANIFEST, SAMPLES, type RunManifest } from '../runs/run-manifest';
import { acquireRunLock, type RunLock } from '../runs/run-lock';
import type { RunSummary } from '../runs/run-summary';
import { assertRealDirIfPresent, fsErrorMessage, openNewNoFollow, openReadNoFollow, writeJsonAtomic } from '../runs/safe-fs';
import { writeRunSummary } from '../runs/summary-file';
import { loadShardSet, shardSampleRecords } from './shard-set';
import { summarizeRun } from './summarize-run';

export interface MergeOptions {
  /** The merged run's folder; default: the whole run's folder name beside the first shard. */
  out?: string;
  /** Replace a run folder already at `out` (a previous merge, or a run being redone). */
  replace?: boolean;
}

export interface MergeResult {
  summary: RunSummary;
  runDir: string;
  shards: number;
}

const error = (code: ProblemCode, message: string, file?: string): Problem => ({ code, severity: 'error', message, ...(file ? { file } : {}) });

/** Buffers appended lines and writes them in large chunks, so a million samples cost a few hundred writes. */
class ChunkWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size > 1 << 20) this.flush();
  }
  /** Writes raw bytes after whatever lines are buffered. */
  bytes(data: Buffer): void {
    this.flush();
    for (let off = 0; off < data.length; ) off += fs.writeSync(this.fd, data, off, data.length - off);
  }
  flush(): void {
    if (this.parts.length) fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** Copies the first `bytes` bytes of a shard's samples.jsonl (never through a link) to `out`. */
function copyVerbatim(file: string, bytes: number, out: ChunkWriter): void {
  const fd = openReadNoFollow(file);
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let pos = 0; pos < bytes; ) {
      const read = fs.readSync(fd, buf, 0, Math.min(buf.length, bytes - pos), pos);
      if (read === 0) throw new Error(`${file} became shorter while it was merged`);
      out.bytes(buf.subarray(0, read));
      pos += read;
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function mergeShards(dirs: readonly string[], opts: MergeOptions = {}): Result<MergeResult | undefined> {
  const locks: RunLock[] = [];
  try {
    return mergeLocked(dirs, opts, locks);
  } finally {
    for (const l of locks) l.release();
  }
}

function mergeLocked(dirs: readonly string[], opts: MergeOptions, locks: RunLock[]): Result<MergeResult | undefined> {
  const set = loadShardSet(dirs, locks);
  if (!set.value) return { value: undefined, problems: set.problems };
  const { shards, problems, requests, tallies, tokens } = set.value;
  const base = shards[0]!.manifest;
  const target = opts.out ? path.resolve(opts.out) : path.join(path.dirname(shards[0]!.dir), runFolderName(base.entry, base.fingerprint));
  if (shards.some((s) => path.resolve(s.dir) === target)) {
    return { value: undefined, problems: [error('merge/target-is-shard', `The merged run cannot be written over one of its shards (${target}); choose another --out.`, target)] };
  }
  // The merged folder is built under a temporary name beside its target and renamed into place when complete.
  const staging = path.join(path.dirname(target), `.merge-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  const cleanup = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    fs.rmSync(staging, { recursive: true, force: true });
  };
  try {
    if (assertRealDirIfPresent(target) && fs.readdirSync(target).length > 0 && !opts.replace) {
      return { value: undefined, problems: [error('merge/target-exists', `${target} already holds a run; pass --force to replace it with the merged run, or --out to write elsewhere.`, target)] };
    }
    // A run being replaced may not be in use: its lock is taken, and goes away with the old folder.
    if (fs.existsSync(target)) {
      const lock = acquireRunLock(path.join(target, LOCK));
      if (!lock.value) return { value: undefined, problems: [...lock.problems, error('merge/target-busy', `${target} is being written by a running \`passk eval\`; merge once it has finished.`, target)] };
      locks.push(lock.value);
    }
    fs.mkdirSync(staging);
    fd = openNewNoFollow(path.join(staging, SAMPLES));
    const out = new ChunkWriter(fd);
    // A shard's samples.jsonl that holds exactly its counted samples (the usual case) is copied byte for byte;
    // one that also holds older requests' samples or duplicates is copied record by record.
    for (const s of shards) {
      if (s.samples.verbatim) copyVerbatim(path.join(s.dir, SAMPLES), s.samples.bytes, out);
      else for (const r of shardSampleRecords(s)) out.line(JSON.stringify(r));
    }
    out.flush();
    fs.closeSync(fd);
    fd = undefined;
    const { shard: _shard, ...rest } = base;
    const manifest: RunManifest = {
      ...rest,
      created: shards.map((s) => s.manifest.created).sort()[0]!,
      updated: shards.map((s) => s.manifest.updated).sort().at(-1)!,
      model: { ...base.model, baseUrls: [...new Set(shards.flatMap((s) => s.manifest.model.baseUrls))].sort() },
      problems: problems.length,
      requests,
    };
    const summary = summarizeRun({ manifest, runDir: target, problems, tallies, tokens });
    writeRunSummary(staging, summary);
    // run.json last: a folder without it is no run, so a merge killed here leaves nothing a reader would show.
    writeJsonAtomic(path.join(staging, MANIFEST), manifest);
    // The old folder is moved aside before the new one takes its name, and removed only after.
    const aside = `${staging}.old`;
    const replaced = fs.existsSync(target);
    if (replaced) fs.renameSync(target, aside);
    fs.renameSync(staging, target);
    if (replaced) fs.rmSync(aside, { recursive: true, force: true });
    return { value: { summary, runDir: target, shards: shards.length }, problems: [] };
  } catch (e) {
    cleanup();
    return { value: undefined, problems: [error('merge/io', `The merged run could not be written: ${fsErrorMessage(e)}.`)] };
  }
}
