// Everything a run needs before its first request, worked out from the recipe: the entry's model, dataset and
// prompt; the problems with their rendered prompts, gold answers, request and verdict identities; the run
// folder. Any reason the run cannot start (unknown entry, missing dataset, a template that does not render) is a
// problem. The identities are those of docs/runs.md.
import * as path from 'node:path';
import type { Problem, ProblemCode, Result } from '../problems/problem';
import { displayUrl } from '../text/display-url';
import { datasetDigest, readDataset } from '../datasets';
import type { DatasetDef, EvalDef, ModelDef, PromptDef, RecipeDoc } from '../recipe/model';
import { canonicalJson, runFolderName, sha256Hex } from '../runs/fingerprint';
import type { RunManifest } from '../runs/run-manifest';
import { inShard, shardFolderName, type ShardSpec } from '../runs/shard-spec';
import { endpointIdentity, entrySampleIdentity, requestIdentity } from '../runs/sample-identity';
import { verdictIdentity } from '../runs/verdict-identity';
import type { PromptText } from '../sampling/provider';
import { renderTemplate } from '../template';
import { getField, type DatasetRow } from '../datasets/dataset-row';
import { goldAnswer } from './grader';
import { drawExamples, questionKey, sampleRows, whereRows, type FewShotExample } from './problem-selection';

export interface PlannedProblem {
  id: string;
  line: number;
  gold: string;
  prompt: PromptText;
  /** Request identity: which stored samples answer this problem's request. */
  req: string;
  /** Verdict identity: the gold value and grader its samples must have been judged under. */
  vid: string;
  /** The row's values of the entry's `groupBy` fields, in their order (absent without `groupBy`). */
  groups?: string[];
}

export interface EvalPlan {
  entry: string;
  def: EvalDef;
  model: ModelDef;
  dataset: DatasetDef;
  prompt: PromptDef;
  problems: PlannedProblem[];
  /** The run folder's identity: the recipe file's name and the entry's sample identity. */
  fingerprint: string;
  identities: EntryIdentities;
  runDir: string;
  manifest: RunManifest;
}

const err = (code: ProblemCode, message: string, span?: { start: number; end: number }): Problem => ({ code, severity: 'error', message, ...(span ? { span } : {}) });


/** The folder all runs of a recipe live under: `.passk/` beside the recipe file. */
export function runsRoot(recipeFile: string): string {
  return path.join(path.dirname(recipeFile), '.passk');
}

/**
 * Resolves `entry` (or the only/first evaluation when absent) to its definition, model, dataset and prompt. `model`
 * names another model of the recipe to evaluate instead (a checkpoint of the entry's `series`).
 */
export function resolveEntry(doc: RecipeDoc, entry?: string, modelName?: string): Result<{ name: string; def: EvalDef; model: ModelDef; dataset: DatasetDef; prompt: PromptDef } | undefined> {
  const names = [...doc.evaluate.keys()];
  const name = entry ?? names[0];
  if (name === undefined) return { value: undefined, problems: [err('eval/no-entry', `The recipe ${doc.file} has no "evaluate" entries to run.`)] };
  const def = doc.evaluate.get(name);
  if (!def) return { value: undefined, problems: [err('eval/unknown-entry', `The recipe has no evaluation named "${name}"; it has ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'none'}.`)] };
  const model = doc.models.get(modelName ?? def.model.name);
  const dataset = doc.datasets.get(def.dataset.name);
  const prompt = doc.prompts.get(def.prompt.name);
  const problems: Problem[] = [];
  if (!model) {
    problems.push(modelName === undefined && def.model.name === '' && def.series
      ? err('eval/series-entry', `Evaluation "${name}" evaluates a series of models and has one run per checkpoint, none of its own; name a checkpoint (▶ Run and passk eval run them all, the report shows the series).`, def.nameSpan)
      : err('eval/unknown-model', `Evaluation "${name}" uses model "${modelName ?? def.model.name}", which the recipe does not define.`, def.model.span));
  }
  if (!dataset) problems.push(err('eval/unknown-dataset', `Evaluation "${name}" uses dataset "${def.dataset.name}", which the recipe does not define.`, def.dataset.span));
  if (!prompt) problems.push(err('eval/unknown-prompt', `Evaluation "${name}" uses prompt "${def.prompt.name}", which the recipe does not define.`, def.prompt.span));
  if (!model || !dataset || !prompt) return { value: undefined, problems };
  return { value: { name, def, model, dataset, prompt }, problems };
}

export interface EntryIdentities {
  /** The entry's sample identity (endpoint, api, model, prompt templates, sampling parameters). */
  sampleIdentity: string;
  /** The run folder's fingerprint: the recipe file's name, the entry's name and the sample identity. */
  fingerprint: string;
  /** What the figures depend on besides the samples: dataset content, how gold is read, grader, sample count, limit, k, expect. */
  figures: string;
  endpoint: string;
  datasetSha256: string;
}

type ResolvedEntry = { def: EvalDef; model: ModelDef; dataset: DatasetDef; prompt: PromptDef };

const samplingParams = (def: EvalDef) => ({ temperature: def.temperature, topP: def.topP, maxTokens: def.maxTokens, ...(def.seed !== undefined ? { seed: def.seed } : {}), ...(def.stop ? { stop: def.stop } : {}) });

/**
 * The identities of an entry, from the recipe and the dataset content hash alone (no prompt is rendered), for the run
 * folder and for `latestRunFor`. No file path enters any of them: the recipe contributes only its file name, so
 * that two recipes in one folder never share a run folder while a recipe moved with its `.passk/` keeps its own.
 */
export function entryIdentities(doc: RecipeDoc, r: ResolvedEntry, datasetSha256: string, limit: number | undefined = r.def.limit): EntryIdentities {
  const endpoint = endpointIdentity({ baseUrls: r.model.baseUrls, ...(r.model.identity ? { identity: r.model.identity } : {}) });
  const sampleIdentity = entrySampleIdentity({
    endpoint, model: r.model.model, api: r.model.api,
    prompt: { ...(r.prompt.system ? { system: r.prompt.system.source } : {}), user: r.prompt.user.source },
    params: samplingParams(r.def),
  });
  // The entry's name is part of it because folder names sanitise it: "gsm 8k" and "gsm_8k" would otherwise share
  // one folder and overwrite each other's run.json and summary.
  const fingerprint = sha256Hex(canonicalJson({ v: 2, recipe: path.basename(doc.file), entry: r.def.name, sample: sampleIdentity }));
  // The limit is the one the run used (`passk eval --limit` overrides the recipe's), so a run of fewer problems
  // than the recipe asks for is stale; `k` and `expect` decide which rows and checks a summary holds.
  const figures = sha256Hex(canonicalJson({
    fingerprint, dataset: datasetSha256, question: r.dataset.question, id: r.dataset.id, answer: r.dataset.answer,
    grader: r.def.grader, samples: r.def.samples, limit, k: r.def.k, expect: r.def.expect,
    // Added only when set, so the figures of entries without them keep the identity they always had.
    ...(r.def.where ? { where: r.def.where } : {}), ...(r.def.sample ? { sample: r.def.sample } : {}), ...(r.def.groupBy ? { groupBy: r.def.groupBy } : {}),
  }));
  return { sampleIdentity, fingerprint, figures, endpoint, datasetSha256 };
}

/**
 * Plans a run of `entry`. With a shard (of more than one), only the problems whose id falls in it are planned and
 * the run gets a folder of its own beside the whole run's; its identities stay the whole run's, so `passk merge`
 * can check that shards belong together and the merged run is the one an unsharded `passk eval` would make.
 */
export async function planEvaluation(doc: RecipeDoc, entry: string | undefined, limit: number | undefined, signal?: AbortSignal, modelName?: string, shard?: ShardSpec): Promise<Result<EvalPlan | undefined>> {
  const resolved = resolveEntry(doc, entry, modelName);
  if (!resolved.value) return { value: undefined, problems: resolved.problems };
  const { name, def, model, dataset, prompt } = resolved.value;
  const problems: Problem[] = [...resolved.problems];
  let digest: string;
  try {
    digest = await datasetDigest(dataset.path);
  } catch (e) {
    return { value: undefined, problems: [err('eval/dataset-unreadable', `The dataset file ${dataset.path} of "${dataset.name}" cannot be read (${(e as Error).message}).`, dataset.pathSpan)] };
  }
  const max = limit ?? def.limit;
  const ids = entryIdentities(doc, resolved.value, digest, max);
  // `where` and `sample` choose among all rows, so the file is read whole when either is set; `limit` comes last.
  const subset = def.where !== undefined || def.sample !== undefined;
  const rows = await readDataset({ ...dataset }, { ...(max !== undefined && !subset ? { limit: max } : {}), ...(signal ? { signal } : {}) });
  problems.push(...rows.problems);
  let selected = rows.value;
  if (def.where) selected = whereRows(selected, def.where);
  if (def.sample) selected = sampleRows(selected, def.sample.n, def.sample.seed);
  if (max !== undefined && subset) selected = selected.slice(0, max);
  const examples = await fewShotExamples(doc, def, dataset, selected, problems, signal);
  if (examples === undefined) return { value: undefined, problems };
  const planned: PlannedProblem[] = [];
  const seen = new Set<string>();
  let renderFailures = 0;
  for (const row of selected) {
    if (seen.has(row.id)) {
      problems.push({ code: 'eval/duplicate-id', severity: 'warning', file: dataset.path, message: `Problem id "${row.id}" appears more than once in ${dataset.path}; only its first row is evaluated.` });
      continue;
    }
    seen.add(row.id);
    const vars = { question: row.question, id: row.id, row: row.row, examples };
    const user = renderTemplate(prompt.user.source, vars);
    const system = prompt.system ? renderTemplate(prompt.system.source, vars) : undefined;
    const bad = [...user.problems, ...(system?.problems ?? [])].filter((p) => p.severity === 'error');
    if (bad.length) {
      // The plan is refused at the first failure; rendering the other rows could cost each its whole template
      // budget (a template that loops too much), so it stops here.
      renderFailures++;
      problems.push(err('eval/render-failed', `Prompt "${prompt.name}" does not render for problem "${row.id}": ${bad[0]!.message}`, prompt.span));
      break;
    }
    const rendered = system?.value ? { system: system.value, user: user.value } : { user: user.value };
    const gold = goldAnswer(row.gold, dataset.answer);
    planned.push({
      id: row.id, line: row.line, gold, prompt: rendered, req: requestIdentity(ids.sampleIdentity, rendered), vid: verdictIdentity(def.grader, gold),
      ...(def.groupBy ? { groups: def.groupBy.map((f) => groupValue(getField(row.row, f))) } : {}),
    });
  }
  if (renderFailures > 0) return { value: undefined, problems };
  const sharded = shard !== undefined && shard.count > 1 ? shard : undefined;
  // An empty table with exit status 0 would read as success; a dataset that yields no problem stops the run.
  if (planned.length === 0) {
    problems.push(err('eval/no-problems', `The dataset ${dataset.path} of "${dataset.name}" has no readable problems to evaluate; see the problems above for why.`, dataset.pathSpan));
    return { value: undefined, problems };
  }
  // Every problem is planned first: the whole run's problem count goes into a shard's run.json, so a merge can
  // tell a complete set of shards from one that lost problems.
  const whole = planned.length;
  if (sharded) planned.splice(0, planned.length, ...planned.filter((p) => inShard(p.id, sharded)));
  if (planned.length === 0 && sharded) problems.push({ code: 'eval/empty-shard', severity: 'information', message: `Shard ${sharded.index}/${sharded.count} holds none of the ${whole} problems; its run is empty and complete.` });
  const { fingerprint } = ids;
  const runDir = path.join(runsRoot(doc.file), 'eval', sharded ? shardFolderName(name, fingerprint, sharded) : runFolderName(name, fingerprint));
  const now = new Date().toISOString();
  const manifest: RunManifest = {
    kind: 'eval', version: 2, entry: name, recipe: doc.file, fingerprint, sampleIdentity: ids.sampleIdentity, figures: ids.figures, created: now, updated: now,
    model: {
      name: model.name, model: model.model, api: model.api, endpoint: ids.endpoint, baseUrls: model.baseUrls.map(displayUrl),
      ...(model.price ? { price: { ...model.price } } : {}), ...(model.batch ? { batch: true } : {}),
    },
    dataset: { name: dataset.name, path: dataset.path, sha256: ids.datasetSha256, answer: { ...dataset.answer } },
    prompt: { name: prompt.name, ...(prompt.system ? { system: prompt.system.source } : {}), user: prompt.user.source },
    params: samplingParams(def),
    samples: def.samples, k: def.k, grader: def.grader, problems: planned.length, expect: def.expect,
    ...(def.groupBy ? { groupBy: [...def.groupBy] } : {}),
    requests: Object.fromEntries(planned.map((p) => [p.id, p.req])),
    ...(sharded ? { shard: { index: sharded.index, count: sharded.count, problems: whole } } : {}),
  };
  return { value: { entry: name, def, model, dataset, prompt, problems: planned, fingerprint, identities: ids, runDir, manifest }, problems };
}

/** A row field's value as a group name: text and numbers as they print, anything else (or nothing) as "(none)". */
export function groupValue(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '(none)';
}

/** The entry's few-shot examples ([] without `fewShot`); undefined, with a problem, when their dataset cannot be read. */
async function fewShotExamples(doc: RecipeDoc, def: EvalDef, evaluated: DatasetDef, rows: readonly DatasetRow[], problems: Problem[], signal?: AbortSignal): Promise<FewShotExample[] | undefined> {
  if (!def.fewShot) return [];
  const source = doc.datasets.get(def.fewShot.dataset.name);
  if (!source) {
    problems.push(err('eval/unknown-dataset', `The fewShot of "${def.name}" uses dataset "${def.fewShot.dataset.name}", which the recipe does not define.`, def.fewShot.dataset.span));
    return undefined;
  }
  const pool = await readDataset({ ...source }, signal ? { signal } : {});
  if (pool.problems.some((p) => p.severity === 'error')) {
    problems.push(...pool.problems);
    return undefined;
  }
  const ids = new Set(rows.map((r) => r.id));
  const questions = new Set(rows.map((r) => questionKey(r.question)));
  return drawExamples(pool.value, def.fewShot.n, def.fewShot.seed, { ids, questions }, source.path === evaluated.path);
}
