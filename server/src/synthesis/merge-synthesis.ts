// Joins the shard runs of one synthesis (`passk synth --shard i/N` on a cluster, docs/cluster.md) into the run
// an unsharded `passk synth` would have made: the same run folder, journal, summary and export. Every shard
// must carry the plan's fingerprint (same models, prompts, filters, seeds and test sets). The merged journal is
// written in plan order (seed order, then index), and the near-duplicate filter is run once more across shards
// in that order: a shard could only compare a new problem with its own slice, so a problem that nearly repeats
// one kept by an earlier shard (or a seed of another shard) becomes a duplicate here, while each shard's own
// decisions stand. `count` is applied here, since no shard knew what the others kept. A later `passk synth` of
// the same recipe resumes from the merged folder, with no new requests for what the shards did.
import * as path from 'node:path';
import type { Problem, Result } from '../problems/problem';
import type { ProblemCode } from '../problems/problem-codes';
import { runsRoot } from '../eval/eval-plan';
import { acquireRunLock } from '../runs/run-lock';
import { loadRunFile } from '../runs/run-file-schema';
import { parseShardSpec, shardOf } from '../runs/shard-spec';
import { ensureRealDir, fsErrorMessage } from '../runs/safe-fs';
import type { RecipeDoc } from '../recipe/model';
import { CandidateJournal, type CandidateRecord } from './candidate-journal';
import { checkExportTarget, type ExportTarget } from './export-target';
import { NearDuplicateIndex } from './near-duplicate-index';
import { finish, type SynthSummary } from './run-synthesis';
import { loadSynthManifest, newSynthManifest, saveSynthManifest } from './synth-manifest';
import { planKeys } from './synth-export';
import { planSynthesis } from './synth-plan';

export interface MergeSynthesisOptions {
  force?: boolean;
  signal?: AbortSignal;
}

const err = (code: ProblemCode, message: string, file?: string): Problem => ({ code, severity: 'error', message, ...(file ? { file } : {}) });

/** The seed id of a near-duplicate match: `seed <id>` for a seed problem, else the key's part before its last `#`. */
function seedOfMatch(of: string): string {
  return of.startsWith('seed ') ? of.slice(5) : of.slice(0, of.lastIndexOf('#'));
}

export async function mergeSynthesisShards(doc: RecipeDoc, entry: string | undefined, shardDirs: readonly string[], opts: MergeSynthesisOptions = {}): Promise<Result<SynthSummary | undefined>> {
  const planned = await planSynthesis(doc, entry, undefined, opts.signal);
  const problems: Problem[] = [...planned.problems];
  const plan = planned.value;
  if (!plan) return { value: undefined, problems };
  // Each shard: its fingerprint must be the plan's, and its summary says which slice it is and whether it finished.
  let count: number | undefined;
  const seen = new Set<number>();
  let complete = true;
  const shards: CandidateJournal[] = [];
  for (const dir of shardDirs) {
    const m = loadSynthManifest(dir);
    if (!m.manifest) return { value: undefined, problems: [...problems, m.problem ?? err('merge/not-a-synthesis-run', `${dir} is not a synthesis run folder (it has no run.json).`, dir)] };
    if (m.manifest.fingerprint !== plan.fingerprint || m.manifest.entry !== plan.entry) {
      return { value: undefined, problems: [...problems, err('merge/fingerprint-mismatch', `${dir} is a run of another configuration (entry "${m.manifest.entry}", fingerprint ${m.manifest.fingerprint.slice(0, 12)}) than the recipe's "${plan.entry}" (${plan.fingerprint.slice(0, 12)}); only shards of one run can be merged.`, dir)] };
    }
    const s = loadRunFile('synth-summary', path.join(dir, 'synth-summary.json'));
    const label = s.value?.shard;
    const spec = label ? parseShardSpec(label).value : undefined;
    if (!spec) return { value: undefined, problems: [...problems, err('merge/not-a-shard', `${dir} is not a shard run (its summary names no shard); merge the folders of \`passk synth --shard i/N\` runs.`, dir)] };
    if (count !== undefined && spec.count !== count) return { value: undefined, problems: [...problems, err('merge/shard-count-mismatch', `${dir} is shard ${label}, but an earlier folder is one of ${count} shards.`, dir)] };
    if (seen.has(spec.index)) return { value: undefined, problems: [...problems, err('merge/duplicate-shard', `Shard ${label} is given twice (${dir}).`, dir)] };
    count = spec.count;
    seen.add(spec.index);
    if (!s.value?.completed) complete = false;
    const j = new CandidateJournal(dir);
    try {
      j.openReadOnly();
    } catch (e) {
      return { value: undefined, problems: [...problems, err('merge/io', `The journal of ${dir} cannot be read: ${fsErrorMessage(e)}.`, dir)] };
    }
    problems.push(...j.problems.map((p) => ({ ...p, severity: 'warning' as const })));
    shards[spec.index] = j;
  }
  if (count === undefined) return { value: undefined, problems: [...problems, err('merge/no-shards', 'No shard run folders were given.')] };
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length) {
    complete = false;
    problems.push({ code: 'merge/missing-shard', severity: 'warning', message: `Shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} of ${count} ${missing.length > 1 ? 'are' : 'is'} missing; the merged run lacks their seeds and is not complete.` });
  }

  const target: ExportTarget = { file: plan.def.output, recipeDir: doc.dir, synthRoot: path.join(runsRoot(doc.file), 'synth'), force: opts.force === true };
  const refused = checkExportTarget(target);
  if (refused) return { value: undefined, problems: [...problems, refused] };
  try {
    ensureRealDir(plan.runDir);
  } catch (e) {
    return { value: undefined, problems: [...problems, err('synth/io', `The synthesis run folder ${plan.runDir} cannot be used: ${fsErrorMessage(e)}.`)] };
  }
  const lock = acquireRunLock(path.join(plan.runDir, 'lock'));
  problems.push(...lock.problems);
  if (!lock.value) return { value: undefined, problems };
  const merged = new CandidateJournal(plan.runDir);
  try {
    merged.open();
    problems.push(...merged.problems);
    const loaded = loadSynthManifest(plan.runDir);
    const manifest = loaded.manifest ?? newSynthManifest(plan.entry, plan.fingerprint, doc.file);
    saveSynthManifest(plan.runDir, manifest);
    const dedup = plan.def.filters.dedup ? new NearDuplicateIndex(plan.def.filters.dedup.ngram, plan.def.filters.dedup.threshold) : undefined;
    if (dedup && plan.def.filters.dedup?.againstSeeds) for (const seed of plan.seeds) dedup.add(`seed ${seed.id}`, seed.question);
    let absent = 0;
    for (const key of planKeys(plan)) {
      if (merged.has(key)) continue;
      const seed = key.slice(0, key.lastIndexOf('#'));
      const from = shards[shardOf(seed, count)];
      let r: CandidateRecord | undefined = from?.read(key);
      if (!r) {
        absent++;
        continue;
      }
      if (dedup && r.question !== null && r.reason !== 'duplicate') {
        const dup = dedup.add(key, r.question);
        if (dup && shardOf(seedOfMatch(dup.of), count) !== shardOf(seed, count)) {
          r = { key: r.key, seed: r.seed, index: r.index, question: r.question, status: 'rejected', reason: 'duplicate', detail: `${dup.of} (Jaccard ${dup.similarity.toFixed(2)}, another shard)` };
        }
      }
      merged.append(r);
    }
    for (const j of shards) j?.close();
    const completed = complete && absent === 0;
    const summary = finish(plan, merged, 0, completed, { target, manifest, problems });
    return { value: summary, problems };
  } catch (e) {
    problems.push(err('synth/io', `The merged run folder ${plan.runDir} could not be written: ${fsErrorMessage(e)}.`));
    return { value: undefined, problems };
  } finally {
    for (const j of shards) j?.close();
    merged.close();
    lock.value.release();
  }
}
