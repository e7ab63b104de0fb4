// Everything a synthesis run needs before its first request: the entry with its models and prompts, the seed
// problems (with their gold answers, for the `seed.answer` template variable), the test sets to decontaminate
// against, the fingerprint and the run folder. Reasons the run cannot start come back as problems.
import * as path from 'node:path';
import type { Problem, ProblemCode, Result } from '../problems/problem';
import { datasetDigest, readDataset, type DatasetRow } from '../datasets';
import { goldAnswer } from '../eval/grader';
import { runsRoot } from '../eval/eval-plan';
import type { DatasetDef, ModelDef, PromptDef, RecipeDoc, StageDef, SynthDef, SamplingParams } from '../recipe/model';
import { canonicalJson, runFolderName } from '../runs/fingerprint';
import { endpointIdentity } from '../runs/sample-identity';
import { createHash } from 'node:crypto';
import { inShard, type ShardSpec } from '../runs/shard-spec';

export interface SeedProblem {
  id: string;
  question: string;
  answer: string;
  row: unknown;
}

export interface PlannedStage {
  model: ModelDef;
  prompt: PromptDef;
  params: SamplingParams;
}

export interface SynthPlan {
  entry: string;
  def: SynthDef;
  generate: PlannedStage;
  verify?: PlannedStage;
  solve: PlannedStage;
  seeds: SeedProblem[];
  /** Test problems to decontaminate against, by dataset name. */
  testSets: { name: string; rows: DatasetRow[] }[];
  fingerprint: string;
  runDir: string;
  /** The slice of the seeds this run covers (`passk synth --shard i/N`); absent for the whole run. */
  shard?: ShardSpec;
}

const err = (code: ProblemCode, message: string, span?: { start: number; end: number }): Problem => ({ code, severity: 'error', message, ...(span ? { span } : {}) });

/** Generation wants variety, so an unset temperature means 1.0 here (evaluation has its own defaults). */
function stageParams(s: StageDef): SamplingParams {
  return {
    temperature: s.temperature ?? 1.0,
    topP: s.topP ?? 1.0,
    maxTokens: s.maxTokens ?? 1024,
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s.stop ? { stop: s.stop } : {}),
  };
}

function resolveStage(doc: RecipeDoc, name: string, stage: string, s: StageDef, problems: Problem[]): PlannedStage | undefined {
  const model = doc.models.get(s.model.name);
  const prompt = doc.prompts.get(s.prompt.name);
  if (!model) problems.push(err('synth/unknown-model', `Stage "${stage}" of synthesis "${name}" uses model "${s.model.name}", which the recipe does not define.`, s.model.span));
  if (!prompt) problems.push(err('synth/unknown-prompt', `Stage "${stage}" of synthesis "${name}" uses prompt "${s.prompt.name}", which the recipe does not define.`, s.prompt.span));
  return model && prompt ? { model, prompt, params: stageParams(s) } : undefined;
}

async function rows(def: DatasetDef, limit: number | undefined, problems: Problem[], signal?: AbortSignal): Promise<DatasetRow[]> {
  const r = await readDataset({ ...def }, { ...(limit !== undefined ? { limit } : {}), ...(signal ? { signal } : {}) });
  problems.push(...r.problems);
  return r.value;
}

export async function planSynthesis(doc: RecipeDoc, entry: string | undefined, limit: number | undefined, signal?: AbortSignal, shard?: ShardSpec): Promise<Result<SynthPlan | undefined>> {
  const names = [...doc.synthesize.keys()];
  const name = entry ?? names[0];
  if (name === undefined) return { value: undefined, problems: [err('synth/no-entry', `The recipe ${doc.file} has no "synthesize" entries to run.`)] };
  const def = doc.synthesize.get(name);
  if (!def) return { value: undefined, problems: [err('synth/unknown-entry', `The recipe has no synthesis named "${name}"; it has ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'none'}.`)] };
  const problems: Problem[] = [];
  const generate = resolveStage(doc, name, 'generate', def.generate, problems);
  const solve = resolveStage(doc, name, 'solve', def.solve, problems);
  const verify = def.verify ? resolveStage(doc, name, 'verify', def.verify, problems) : undefined;
  const seedsDef = doc.datasets.get(def.seeds.name);
  if (!seedsDef) problems.push(err('synth/unknown-dataset', `Synthesis "${name}" seeds from dataset "${def.seeds.name}", which the recipe does not define.`, def.seeds.span));
  if (!generate || !solve || !seedsDef || (def.verify && !verify)) return { value: undefined, problems };
  let seedDigest: string;
  try {
    seedDigest = await datasetDigest(seedsDef.path);
  } catch (e) {
    return { value: undefined, problems: [...problems, err('synth/dataset-unreadable', `The seed dataset ${seedsDef.path} cannot be read (${(e as Error).message}).`, seedsDef.pathSpan)] };
  }
  const all = await rows(seedsDef, limit, problems, signal);
  if (all.length === 0) {
    problems.push(err('synth/no-seeds', `The seed dataset ${seedsDef.path} of synthesis "${name}" has no readable rows; see the problems above for why.`, seedsDef.pathSpan));
    return { value: undefined, problems };
  }
  // A shard keeps the seeds whose id hashes to it (runs/shard-spec.ts), so the N shards cover every seed once
  // whatever the dataset's order; --limit counts seeds before sharding, so every shard sees the same prefix. A
  // shard may be empty (few seeds, many shards): it then journals nothing, and the merge still counts it.
  const seeds = all.filter((r) => inShard(r.id, shard)).map((r) => ({ id: r.id, question: r.question, answer: goldAnswer(r.gold, seedsDef.answer), row: r.row }));
  const testSets: SynthPlan['testSets'] = [];
  const testDigests: string[] = [];
  for (const ref of def.filters.decontaminate?.against ?? []) {
    const d = doc.datasets.get(ref.name);
    if (!d) {
      problems.push(err('synth/unknown-dataset', `Synthesis "${name}" decontaminates against dataset "${ref.name}", which the recipe does not define.`, ref.span));
      continue;
    }
    try {
      testDigests.push(await datasetDigest(d.path));
    } catch (e) {
      return { value: undefined, problems: [...problems, err('synth/dataset-unreadable', `The test set ${d.path} cannot be read (${(e as Error).message}).`, d.pathSpan)] };
    }
    testSets.push({ name: d.name, rows: await rows(d, undefined, problems, signal) });
  }
  // Everything that changes which problems come out: stage endpoints, models, prompts and parameters, the seeds,
  // filters. The endpoint is the one of the sample identity (docs/runs.md): another server is asked again unless
  // the model declares the same `identity`. The recipe file's and entry's names make the folder theirs alone, as
  // evaluation folders are.
  const stageKey = (s: PlannedStage | undefined) => s && {
    endpoint: endpointIdentity({ baseUrls: s.model.baseUrls, ...(s.model.identity ? { identity: s.model.identity } : {}) }),
    model: s.model.model, api: s.model.api, prompt: { system: s.prompt.system?.source, user: s.prompt.user.source }, params: s.params,
  };
  const fingerprint = createHash('sha256')
    .update(canonicalJson({
      v: 2, recipe: path.basename(doc.file), entry: name,
      generate: stageKey(generate), parse: def.generate.parse,
      verify: stageKey(verify), accept: def.verify?.accept,
      solve: stageKey(solve), samples: def.solve.samples,
      perSeed: def.perSeed, filters: def.filters.consistency || def.filters.dedup ? { c: def.filters.consistency, d: def.filters.dedup } : undefined,
      // Each test set by its content too: a changed test set must re-filter, so it starts a new run folder.
      decontaminate: def.filters.decontaminate && { ngram: def.filters.decontaminate.ngram, against: testSets.map((t) => t.name), sha256: testDigests, exact: true },
      export: def.export && { user: def.export.user, system: def.export.system, solutions: def.export.solutions },
      consensus: 'plurality',
      grader: def.grader,
      // The seeds' content, never their path: a recipe moved to another folder depth keeps its journal.
      seeds: { sha256: seedDigest, question: seedsDef.question, id: seedsDef.id },
    }))
    .digest('hex');
  // Shards share the fingerprint (they are slices of one run, which `passk merge` checks) but not the folder.
  const folder = runFolderName(name, fingerprint) + (shard && shard.count > 1 ? `-shard${shard.index}of${shard.count}` : '');
  const runDir = path.join(runsRoot(doc.file), 'synth', folder);
  return { value: { entry: name, def, generate, ...(verify ? { verify } : {}), solve, seeds, testSets, fingerprint, runDir, ...(shard && shard.count > 1 ? { shard } : {}) }, problems };
}
