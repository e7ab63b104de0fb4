// Provenance of a run's figures (docs/runs.md): which run folder, recipe and entry, which model at which
// endpoint, which dataset content and which grader produced them. Every view of a figure (the report in text,
// HTML and JUnit, `--json`, the CodeLens tooltip, the dataset-line hints and hovers) shows it, so a published
// number can be traced back. The endpoint is the endpoint identity (server origins or the declared
// `identity:`), never a full URL: a key, userinfo or query can hide in a URL.
import * as path from 'node:path';
import type { RunSummary } from '../runs/run-summary';
import { endpointIdentity } from '../runs/sample-identity';
import { rec } from './report-data';

export interface Provenance {
  /** The run folder's name under `.passk/eval/`. */
  run: string;
  recipe: string;
  entry: string;
  model: string;
  modelId: string;
  api: 'chat' | 'completions';
  endpoint: string;
  dataset: string;
  datasetSha256: string;
  /** How the gold answer is read, `field/extract` (absent in runs older than the verdict identity). */
  gold?: string;
  grader: string;
  updated: string;
}

// A summary read from disk has passed its schema, but the report also renders summaries that are only partly
// well-formed (report-data.ts): every field is read as text or shown as "?", never trusted to exist.
const text = (v: unknown): string => (typeof v === 'string' ? v : '?');

export function provenanceOf(summary: RunSummary): Provenance {
  const s = rec(summary);
  const c = rec(s.config);
  const model = rec(c.model);
  const dataset = rec(c.dataset);
  const grader = rec(c.grader);
  const answer = dataset.answer === undefined ? undefined : rec(dataset.answer);
  // Runs made before endpoint identities recorded only their (already stripped) baseUrls.
  const baseUrls = Array.isArray(model.baseUrls) ? model.baseUrls.filter((u): u is string => typeof u === 'string') : [];
  const endpoint = typeof model.endpoint === 'string' ? model.endpoint : endpointIdentity({ baseUrls });
  return {
    run: path.basename(text(s.runDir)), recipe: text(c.recipe), entry: text(s.entry),
    model: text(model.name), modelId: text(model.model), api: model.api === 'completions' ? 'completions' : 'chat', endpoint,
    dataset: text(dataset.name), datasetSha256: text(dataset.sha256),
    ...(answer ? { gold: `${text(answer.field)}/${text(answer.extract)}` } : {}),
    grader: `${text(grader.extract)}/${text(grader.compare)}`, updated: text(s.updated),
  };
}

/** One line: "run R · recipe F · model M (id, api) at E · dataset D sha256 H · gold G · grader X". */
export function provenanceLine(s: RunSummary): string {
  const p = provenanceOf(s);
  return [
    `run ${p.run}`, `recipe ${path.basename(p.recipe)}`, `model ${p.model} (${p.modelId}, ${p.api}) at ${p.endpoint}`,
    `dataset ${p.dataset} sha256 ${p.datasetSha256.slice(0, 12)}`, ...(p.gold ? [`gold ${p.gold}`] : []), `grader ${p.grader}`,
  ].join(' · ');
}

export const STALE_WARNING = 'STALE: the recipe changed since this run (model, endpoint, prompt, parameters, dataset, gold answers, grader, samples, limit, k or expect); these figures describe the recipe as it was. Run the evaluation again for current figures.';
