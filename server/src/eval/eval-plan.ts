// Everything a run needs before its first request, worked out from the recipe: the entry's model, dataset and
// prompt; the problems with their rendered prompts, gold answers, request and verdict identities; the run
// folder. Any reason the run cannot start (unknown entry, missing dataset, a template that does not render) is a
// problem. The identities are those of docs/runs.md.
import * as path from 'node:path';
import type { Problem, ProblemCode, Result } from '../core/problem';
import { displayUrl } from '../core/display-url';
import { datasetDigest, readDataset } from '../datasets';
import type { DatasetDef, EvalDef, ModelDef, PromptDef, RecipeDoc } from '../recipe/model';
import { canonicalJson, runFolderName, sha256Hex } from '../runs/fingerprint';
import type { RunManifest } from '../runs/run-manifest';
import { endpointIdentity, entrySampleIdentity, requestIdentity } from '../runs/sample-identity';
import { verdictIdentity } from '../runs/verdict-identity';
import type { PromptText } from '../sampling/provider';
import { renderTemplate } from '../template';
import { goldAnswer } from './grader';

export interface PlannedProblem {
  id: string;
  line: number;
  gold: string;
  prompt: PromptText;
  /** Request identity: which stored samples answer this problem's request. */
  req: string;
  /** Verdict identity: the gold value and grader its samples must have been judged under. */
  vid: string;
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

/** Resolves `entry` (or the only/first evaluation when absent) to its definition, model, dataset and prompt. */
export function resolveEntry(doc: RecipeDoc, entry?: string): Result<{ name: string; def: EvalDef; model: ModelDef; dataset: DatasetDef; prompt: PromptDef } | undefined> {
  const names = [...doc.evaluate.keys()];
  const name = entry ?? names[0];
  if (name === undefined) return { value: undefined, problems: [err('eval/no-entry', `The recipe ${doc.file} has no "evaluate" entries to run.`)] };
  const def = doc.evaluate.get(name);
  if (!def) return { value: undefined, problems: [err('eval/unknown-entry', `The recipe has no evaluation named "${name}"; it has ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'none'}.`)] };
  const model = doc.models.get(def.model.name);
  const dataset = doc.datasets.get(def.dataset.name);
  const prompt = doc.prompts.get(def.prompt.name);
  const problems: Problem[] = [];
  if (!model) problems.push(err('eval/unknown-model', `Evaluation "${name}" uses model "${def.model.name}", which the recipe does not define.`, def.model.span));
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
  }));
  return { sampleIdentity, fingerprint, figures, endpoint, datasetSha256 };
}

export async function planEvaluation(doc: RecipeDoc, entry: string | undefined, limit: number | undefined, signal?: AbortSignal): Promise<Result<EvalPlan | undefined>> {
  const resolved = resolveEntry(doc, entry);
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
  const rows = await readDataset({ ...dataset }, { ...(max !== undefined ? { limit: max } : {}), ...(signal ? { signal } : {}) });
  problems.push(...rows.problems);
  const planned: PlannedProblem[] = [];
  const seen = new Set<string>();
  let renderFailures = 0;
  for (const row of rows.value) {
    if (seen.has(row.id)) {
      problems.push({ code: 'eval/duplicate-id', severity: 'warning', file: dataset.path, message: `Problem id "${row.id}" appears more than once in ${dataset.path}; only its first row is evaluated.` });
      continue;
    }
    seen.add(row.id);
    const vars = { question: row.question, id: row.id, row: row.row };
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
    planned.push({ id: row.id, line: row.line, gold, prompt: rendered, req: requestIdentity(ids.sampleIdentity, rendered), vid: verdictIdentity(def.grader, gold) });
  }
  if (renderFailures > 0) return { value: undefined, problems };
  if (planned.length === 0) problems.push({ code: 'eval/no-problems', severity: 'warning', message: `The dataset ${dataset.path} has no problems to evaluate.` });
  const { fingerprint } = ids;
  const runDir = path.join(runsRoot(doc.file), 'eval', runFolderName(name, fingerprint));
  const now = new Date().toISOString();
  const manifest: RunManifest = {
    kind: 'eval', version: 2, entry: name, recipe: doc.file, fingerprint, sampleIdentity: ids.sampleIdentity, figures: ids.figures, created: now, updated: now,
    model: { name: model.name, model: model.model, api: model.api, endpoint: ids.endpoint, baseUrls: model.baseUrls.map(displayUrl) },
    dataset: { name: dataset.name, path: dataset.path, sha256: ids.datasetSha256, answer: { ...dataset.answer } },
    prompt: { name: prompt.name, ...(prompt.system ? { system: prompt.system.source } : {}), user: prompt.user.source },
    params: samplingParams(def),
    samples: def.samples, k: def.k, grader: def.grader, problems: planned.length, expect: def.expect,
    requests: Object.fromEntries(planned.map((p) => [p.id, p.req])),
  };
  return { value: { entry: name, def, model, dataset, prompt, problems: planned, fingerprint, identities: ids, runDir, manifest }, problems };
}
