// Combines the runs of an evaluation's shards into the run an unsharded `passk eval` would have made
// (docs/cluster.md): the same run.json identities, every shard's current samples in one samples.jsonl, and a
// summary computed from them over the problems in dataset order, so pass@k, maj@k, their intervals, the report
// and the JSON equal an unsharded run's. Shards are untrusted input and are checked first (shard-set.ts); the
// merged folder is built beside its target under a temporary name and renamed into place only when complete,
// so a failed merge leaves nothing behind and never a half-merged run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Problem, Result } from '../core/problem';
import { runFolderName } from '../runs/fingerprint';
import { addToTally, newTally, type ProblemTally } from '../runs/problem-tally';
import { MANIFEST, SAMPLES, type RunManifest } from '../runs/run-manifest';
import type { RunSummary } from '../runs/run-summary';
import { assertRealDirIfPresent, fsErrorMessage, openNewNoFollow, writeJsonAtomic } from '../runs/safe-fs';
import { writeRunSummary } from '../runs/summary-file';
import { loadShardSet } from './shard-set';
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

const error = (code: string, message: string, file?: string): Problem => ({ code, severity: 'error', message, ...(file ? { file } : {}) });

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
  flush(): void {
    if (this.parts.length) fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

export function mergeShards(dirs: readonly string[], opts: MergeOptions = {}): Result<MergeResult | undefined> {
  if (dirs.length === 0) return { value: undefined, problems: [error('merge/no-shards', 'No shard runs were given to merge.')] };
  // The merged folder is only known once the shards are read; the samples go to a temporary folder meanwhile.
  const firstDir = path.resolve(dirs[0]!);
  const staging = path.join(path.dirname(opts.out ? path.resolve(opts.out) : firstDir), `.merge-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  const cleanup = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    fs.rmSync(staging, { recursive: true, force: true });
  };
  try {
    fs.mkdirSync(staging);
    fd = openNewNoFollow(path.join(staging, SAMPLES));
    const out = new ChunkWriter(fd);
    const tallies = new Map<string, ProblemTally>();
    const tokens = { prompt: 0, completion: 0 };
    const set = loadShardSet(dirs, (r) => {
      let t = tallies.get(r.problem);
      if (!t) tallies.set(r.problem, (t = newTally(r.problem)));
      if (addToTally(t, r)) {
        tokens.prompt += r.tokens?.prompt ?? 0;
        tokens.completion += r.tokens?.completion ?? 0;
      }
      out.line(JSON.stringify(r));
    });
    if (!set.value) {
      cleanup();
      return { value: undefined, problems: set.problems };
    }
    out.flush();
    fs.closeSync(fd);
    fd = undefined;
    const { shards, problems, requests } = set.value;
    const base = shards[0]!.manifest;
    const target = opts.out ? path.resolve(opts.out) : path.join(path.dirname(shards[0]!.dir), runFolderName(base.entry, base.fingerprint));
    if (shards.some((s) => path.resolve(s.dir) === target)) {
      cleanup();
      return { value: undefined, problems: [error('merge/target-is-shard', `The merged run cannot be written over one of its shards (${target}); choose another --out.`, target)] };
    }
    if (assertRealDirIfPresent(target) && fs.readdirSync(target).length > 0 && !opts.replace) {
      cleanup();
      return { value: undefined, problems: [error('merge/target-exists', `${target} already holds a run; pass --force to replace it with the merged run, or --out to write elsewhere.`, target)] };
    }
    const { shard: _shard, ...rest } = base;
    const manifest: RunManifest = {
      ...rest,
      created: shards.map((s) => s.manifest.created).sort()[0]!,
      updated: shards.map((s) => s.manifest.updated).sort().at(-1)!,
      model: { ...base.model, baseUrls: [...new Set(shards.flatMap((s) => s.manifest.model.baseUrls))].sort() },
      problems: problems.length,
      requests,
    };
    writeJsonAtomic(path.join(staging, MANIFEST), manifest);
    const summary = summarizeRun({ manifest, runDir: target, problems, tallies, tokens });
    writeRunSummary(staging, summary);
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
