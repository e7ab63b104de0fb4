// A shard is one of N deterministic slices of a run's work, so a cluster engine (a SLURM job array, a
// Kubernetes Indexed Job) can run `--shard i/N` as N independent processes and `passk merge` can put the slices
// back together. Membership depends only on the item's own key (a seed or problem id), never on its position or
// on which other items exist, so the same problem lands in the same shard however the dataset is ordered, and
// every key lands in exactly one shard.
import { createHash } from 'node:crypto';
import type { Problem, Result } from '../problems/problem';
import { runFolderName } from './fingerprint';

export interface ShardSpec {
  /** Zero-based index of this shard: 0 ≤ index < count. */
  index: number;
  /** How many shards the work is split into. */
  count: number;
}

/** The largest shard count accepted; far beyond any cluster array, small enough to rule out typos like 1/1e9. */
export const MAX_SHARDS = 100_000;

/**
 * Reads `i/N` (zero-based i, as SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX count). Anything else is a problem
 * that says what the accepted form is.
 */
export function parseShardSpec(text: string): Result<ShardSpec | undefined> {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  const bad = (message: string): Result<undefined> => ({
    value: undefined,
    problems: [{ code: 'cli/bad-shard', severity: 'error', message } satisfies Problem],
  });
  if (!m) return bad(`"${text}" is not a shard: write i/N with 0 ≤ i < N, e.g. --shard 0/4 for the first of four.`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) return bad(`A shard count must be between 1 and ${MAX_SHARDS}; got ${count}.`);
  if (index >= count) return bad(`Shard ${index}/${count} does not exist: shards are numbered from 0 to ${count - 1}.`);
  return { value: { index, count }, problems: [] };
}

/** The shard a key belongs to among `count`: the first 48 bits of its SHA-256, modulo count. */
export function shardOf(key: string, count: number): number {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return digest.readUIntBE(0, 6) % count;
}

/** Whether `key` is this shard's work; with no shard every key is. */
export function inShard(key: string, shard: ShardSpec | undefined): boolean {
  return shard === undefined || shard.count === 1 || shardOf(key, shard.count) === shard.index;
}

/** `i/N`, the form the CLI reads and run manifests record. */
export function shardLabel(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * The folder of one shard's run: `<entry>.shard-<i>-of-<N>-<fingerprint>`, beside the whole run's
 * `<entry>-<fingerprint>`, so the shards of several runs never share a folder and a merge can find them.
 */
export function shardFolderName(entry: string, fingerprint: string, shard: ShardSpec): string {
  const whole = runFolderName(entry, fingerprint);
  const cut = whole.length - fingerprint.slice(0, 12).length - 1;
  return `${whole.slice(0, cut)}.shard-${shard.index}-of-${shard.count}${whole.slice(cut)}`;
}
