// The shard runs `passk merge` is asked to combine, read and checked as untrusted input (docs/cluster.md): each
// must be a finished run of one shard (`passk eval --shard i/N`), all must be shards of the same run (one sample
// identity, one figures identity, which covers dataset content, gold reading, grader, samples and k), together
// they must cover shards 0..N-1 exactly once, and each shard's files must agree with each other: its problems
// hash to its shard, its samples were judged under its problems' verdict identities, and they give the counts
// its summary states. Anything else is a `merge/*` problem naming the folder, and nothing is merged.
import * as path from 'node:path';
import type { Problem, Result } from '../problems/problem';
import type { ProblemCode } from '../problems/problem-codes';
import { readLog, type LineParser } from '../runs/append-log';
import { loadRun } from '../runs/find-runs';
import { addToTally, newTally, type ProblemTally } from '../runs/problem-tally';
import { LOCK, SAMPLES, type RunManifest } from '../runs/run-manifest';
import { acquireRunLock, type RunLock } from '../runs/run-lock';
import type { RunSummary } from '../runs/run-summary';
import { SAMPLE_LINES, VERDICT_LINES, sampleKey, type SampleRecord, type SampleVerdict } from '../runs/sample-record';
import { shardOf } from '../runs/shard-spec';
import { verdictIdentity } from '../runs/verdict-identity';
import type { ProblemInfo } from './summarize-run';

export interface LoadedShard {
  dir: string;
  manifest: RunManifest & { shard: NonNullable<RunManifest['shard']> };
  summary: RunSummary;
}

export interface ShardSet {
  shards: CheckedShard[];
  /** The whole run's problems in dataset order (by line), as an unsharded run plans them. */
  problems: ProblemInfo[];
  /** Each problem's request identity. */
  requests: Record<string, string>;
  tallies: Map<string, ProblemTally>;
  tokens: { prompt: number; completion: number };
}

const error = (code: ProblemCode, message: string, file?: string): Problem => ({ code, severity: 'error', message, ...(file ? { file } : {}) });

/** The fields two shards of one run must agree on, with how a person would name them. */
const SAME: [string, (m: LoadedShard['manifest']) => unknown][] = [
  ['entry', (m) => m.entry],
  ['fingerprint (recipe file name, entry and sample identity)', (m) => m.fingerprint],
  ['sample identity (endpoint, model, prompt, sampling parameters)', (m) => m.sampleIdentity],
  ['figures identity (dataset content, gold reading, grader, samples, k, limit, expect)', (m) => m.figures],
  ['shard count', (m) => m.shard.count],
  ['problem count of the whole run', (m) => m.shard.problems],
];

/** Reads one folder as a finished shard run, or says why it is not one. */
function loadShard(dir: string): Result<LoadedShard | undefined> {
  const loaded = loadRun(dir);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (!loaded.value || errors.length) return { value: undefined, problems: [...errors, error('merge/bad-shard', `${dir} cannot be merged: it is not a readable passk run folder.`, dir)] };
  const { manifest, summary } = loaded.value;
  if (!manifest.shard) return { value: undefined, problems: [error('merge/not-a-shard', `${dir} is not the run of a shard (its run.json has no "shard"); only runs of \`passk eval --shard i/N\` are merged.`, dir)] };
  const { index, count } = manifest.shard;
  if (index >= count) return { value: undefined, problems: [error('merge/bad-shard', `${dir} claims to be shard ${index} of ${count}, which does not exist; the folder may have been tampered with.`, dir)] };
  if (!summary) return { value: undefined, problems: [error('merge/unfinished-shard', `Shard ${index}/${count} in ${dir} has no summary: it did not finish. Run \`passk eval --shard ${index}/${count}\` again to complete it.`, dir)] };
  if (!summary.complete) return { value: undefined, problems: [error('merge/incomplete-shard', `Shard ${index}/${count} in ${dir} is missing ${summary.missing} sample(s). Run \`passk eval --shard ${index}/${count}\` again to request them.`, dir)] };
  return { value: { dir, manifest: manifest as LoadedShard['manifest'], summary }, problems: [] };
}

/** Checks that the shards belong to one run and cover it exactly once. */
function checkCoverage(shards: LoadedShard[]): Problem[] {
  const first = shards[0]!;
  for (const s of shards.slice(1)) {
    for (const [what, get] of SAME) {
      if (get(s.manifest) !== get(first.manifest)) {
        return [error('merge/mismatched-shards', `${s.dir} and ${first.dir} are not shards of one run: their ${what} differ (${JSON.stringify(get(s.manifest))} and ${JSON.stringify(get(first.manifest))}).`, s.dir)];
      }
    }
  }
  const { count } = first.manifest.shard;
  const byIndex = new Map<number, LoadedShard>();
  for (const s of shards) {
    const other = byIndex.get(s.manifest.shard.index);
    if (other) return [error('merge/duplicate-shard', `Shard ${s.manifest.shard.index}/${count} is given twice: ${other.dir} and ${s.dir}. Pass each shard once.`, s.dir)];
    byIndex.set(s.manifest.shard.index, s);
  }
  const missing = [...Array(count).keys()].filter((i) => !byIndex.has(i));
  if (missing.length) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more` : missing.join(', ');
    return [error('merge/missing-shard', `The run has ${count} shards, but shard(s) ${list} are not among the ${shards.length} given. Run \`passk eval --shard i/${count}\` for each and merge them all.`)];
  }
  return [];
}

/** The samples of a shard that count for its run: current requests, indices below `samples`, each once. */
export interface ShardSamples {
  /** Whether every line of samples.jsonl is such a sample, so the file's first `bytes` can be copied as they are. */
  verbatim: boolean;
  /** The bytes of complete lines read by the check (a torn last line is left out). */
  bytes: number;
}

interface ShardIndex {
  byReq: Map<string, string[]>;
  vid: Map<string, string>;
}

/**
 * Streams the records of a shard that count for its run, each with the problem it counts for; `verbatim` tells
 * whether every record read was one. Throws a TamperedShard when a counted sample was judged under another
 * verdict identity than its problem's.
 */
function* countedRecords<T extends SampleVerdict>(s: LoadedShard, index: ShardIndex, parser: LineParser<T>, lineProblems: Problem[]): Generator<T, ShardSamples> {
  const seen = new Set<string>();
  let verbatim = true;
  const gen = readLog(path.join(s.dir, SAMPLES), parser, lineProblems, { report: true });
  let step = gen.next();
  for (; !step.done; step = gen.next()) {
    const r = step.value;
    const targets = r.index < s.manifest.samples && r.req !== undefined ? (index.byReq.get(r.req) ?? []) : [];
    const forIds = targets.length > 1 && targets.includes(r.problem) ? [r.problem] : targets;
    if (forIds.length !== 1 || forIds[0] !== r.problem) verbatim = false;
    for (const id of forIds) {
      if (r.vid !== index.vid.get(id)) throw new TamperedShard(`a sample of problem "${id}" was judged under another gold answer or grader than its summary states`);
      const key = sampleKey(id, r.index, r.req);
      if (seen.has(key)) {
        verbatim = false;
        continue;
      }
      seen.add(key);
      yield id === r.problem ? r : { ...r, problem: id };
    }
  }
  return { verbatim: verbatim && lineProblems.length === 0 && step.value.tornBytes === 0, bytes: step.value.completeBytes };
}

class TamperedShard extends Error {}

/**
 * Checks one shard's own files against each other, adds its samples to `tallies` and `tokens`, and returns its
 * problems' info and how its samples can be copied. A shard's problems must hash to it, so no problem can be in
 * two shards of one run.
 */
function checkShard(s: LoadedShard, owner: Map<string, string>, tallies: Map<string, ProblemTally>, tokens: { prompt: number; completion: number }): Result<{ info: ProblemInfo[]; samples: ShardSamples; index: ShardIndex } | undefined> {
  const { manifest: m, summary, dir } = s;
  const tampered = (why: string, more: Problem[] = []) => ({ value: undefined, problems: [...more, error('merge/tampered-shard', `Shard ${m.shard.index}/${m.shard.count} in ${dir} is inconsistent: ${why}. Run it again rather than merging it.`, dir)] });
  const requests = m.requests ?? {};
  const ids = Object.keys(requests);
  if (ids.length !== m.problems || summary.perProblem.length !== m.problems) return tampered(`run.json plans ${m.problems} problems, lists ${ids.length} requests and its summary ${summary.perProblem.length} problems`);
  const info: ProblemInfo[] = [];
  const index: ShardIndex = { byReq: new Map(), vid: new Map() };
  for (const p of summary.perProblem) {
    if (!(p.problem in requests) || index.vid.has(p.problem)) return tampered(`its summary lists problem "${p.problem}" ${index.vid.has(p.problem) ? 'twice' : 'which its run.json does not plan'}`);
    info.push({ id: p.problem, line: p.line, gold: p.gold });
    index.vid.set(p.problem, verdictIdentity(m.grader, p.gold));
  }
  for (const id of ids) {
    if (shardOf(id, m.shard.count) !== m.shard.index) return tampered(`problem "${id}" belongs to shard ${shardOf(id, m.shard.count)}, not to this one`);
    const before = owner.get(id);
    if (before !== undefined) return { value: undefined, problems: [error('merge/overlapping-shards', `Problem "${id}" is in both ${before} and ${dir}; shards of one run never share a problem.`, dir)] };
    owner.set(id, dir);
    index.byReq.set(requests[id]!, [...(index.byReq.get(requests[id]!) ?? []), id]);
    tallies.set(id, newTally(id));
  }
  const lineProblems: Problem[] = [];
  let samples: ShardSamples;
  try {
    const gen = countedRecords(s, index, VERDICT_LINES, lineProblems);
    let step = gen.next();
    for (; !step.done; step = gen.next()) {
      const r = step.value;
      addToTally(tallies.get(r.problem)!, r);
      tokens.prompt += r.tokens?.prompt ?? 0;
      tokens.completion += r.tokens?.completion ?? 0;
    }
    samples = step.value;
  } catch (e) {
    if (e instanceof TamperedShard) return tampered(e.message);
    throw e;
  }
  if (lineProblems.length) return tampered('samples.jsonl has invalid lines', lineProblems.map((p) => ({ ...p, severity: 'error' as const })));
  for (const p of summary.perProblem) {
    const t = tallies.get(p.problem)!;
    if (t.n !== p.n || t.correct !== p.correct) return tampered(`its samples give problem "${p.problem}" ${t.correct}/${t.n} correct, its summary ${p.correct}/${p.n}`);
  }
  return { value: { info, samples, index }, problems: [] };
}

/**
 * The full records of a shard's counted samples, for a shard whose samples.jsonl cannot be copied verbatim (it
 * also holds samples of older requests, duplicates or samples beyond `samples`). A record that no longer passes
 * the checks (the file changed since) is an error.
 */
export function* shardSampleRecords(shard: CheckedShard): Generator<SampleRecord> {
  const problems: Problem[] = [];
  yield* countedRecords(shard, shard.index, SAMPLE_LINES, problems);
  if (problems.length) throw new Error(`${path.join(shard.dir, SAMPLES)} changed while it was merged`);
}

export interface CheckedShard extends LoadedShard {
  samples: ShardSamples;
  index: ShardIndex;
}

/**
 * Loads and checks the shards in `dirs`, taking each one's lock into `locks` (the caller releases them when it
 * has copied the samples): nothing is returned unless every check holds. The tallies and tokens are
 * those of every shard's counted samples, so the caller has the whole run's figures without reading them again.
 */
export function loadShardSet(dirs: readonly string[], locks: RunLock[]): Result<ShardSet | undefined> {
  const shards: LoadedShard[] = [];
  const problems: Problem[] = [];
  const given = new Set<string>();
  for (const dir of dirs.map((d) => path.resolve(d))) {
    if (given.has(dir)) {
      problems.push(error('merge/duplicate-shard', `${dir} is given twice. Pass each shard once.`, dir));
      continue;
    }
    given.add(dir);
    const r = loadShard(dir);
    problems.push(...r.problems);
    if (!r.value) continue;
    // Each shard's lock is held while it is read, so a shard still being run (or resumed) is not merged half
    // done, and no eval appends to it until the merge is over. The folder was checked to be no link above.
    const lock = acquireRunLock(path.join(r.value.dir, LOCK));
    if (!lock.value) {
      const { index, count } = r.value.manifest.shard;
      problems.push(...lock.problems, error('merge/shard-busy', `Shard ${index}/${count} in ${r.value.dir} is being written by a running \`passk eval\`; merge once it has finished.`, r.value.dir));
      continue;
    }
    locks.push(lock.value);
    shards.push(r.value);
  }
  if (problems.length || shards.length === 0) return { value: undefined, problems: problems.length ? problems : [error('merge/no-shards', 'No shard runs were given to merge.')] };
  const coverage = checkCoverage(shards);
  if (coverage.length) return { value: undefined, problems: coverage };
  shards.sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  const owner = new Map<string, string>();
  const all: ProblemInfo[] = [];
  const requests: Record<string, string> = {};
  const tallies = new Map<string, ProblemTally>();
  const tokens = { prompt: 0, completion: 0 };
  const checked: CheckedShard[] = [];
  for (const s of shards) {
    const r = checkShard(s, owner, tallies, tokens);
    if (!r.value) return { value: undefined, problems: r.problems };
    all.push(...r.value.info);
    Object.assign(requests, s.manifest.requests);
    checked.push({ ...s, samples: r.value.samples, index: r.value.index });
  }
  const whole = shards[0]!.manifest.shard.problems;
  if (all.length !== whole) return { value: undefined, problems: [error('merge/missing-problems', `The shards hold ${all.length} problems, but the run they were cut from has ${whole}; a shard's run.json may have been edited.`)] };
  // An unsharded run lists its problems in dataset order, and the bootstrap intervals follow that order.
  all.sort((a, b) => a.line - b.line || a.id.localeCompare(b.id));
  return { value: { shards: checked, problems: all, requests: Object.fromEntries(all.map((p) => [p.id, requests[p.id]!])), tallies, tokens }, problems: [] };
}
