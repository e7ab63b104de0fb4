// Run folders written before the sample identity existed (run.json version 1): their samples carry no request
// identity, and their folder fingerprint hashed the dataset's path relative to the recipe. Rather than request
// all of them again after an upgrade, a run adopts such a folder's samples when it provably sampled exactly the
// requests of the plan: its version-1 fingerprint (model, api, prompt templates, parameters, dataset path, content
// and fields) recomputed from its own run.json matches, its dataset content is the plan's, and its servers are
// the plan's endpoint (version 1 did not record the endpoint in the fingerprint, docs/runs.md). Samples are then
// matched by problem id, which version 1 derived from the same dataset content.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { canonicalJson } from '../runs/fingerprint';
import type { RunManifest } from '../runs/run-manifest';
import { endpointIdentity } from '../runs/sample-identity';
import type { EvalPlan } from './eval-plan';

/** The version-1 folder fingerprint of a plan's entry, as if its recipe were the folder's recipe. */
function legacyFingerprint(m: RunManifest, plan: EvalPlan): string {
  const p = m.params;
  const material = {
    v: 1,
    model: m.model.model,
    api: m.model.api,
    prompt: { system: m.prompt.system, user: m.prompt.user },
    params: { temperature: p.temperature, topP: p.topP, maxTokens: p.maxTokens, seed: p.seed, stop: p.stop?.length ? p.stop : undefined },
    dataset: { path: path.relative(path.dirname(m.recipe), m.dataset.path).split(path.sep).join('/'), sha256: m.dataset.sha256, question: plan.dataset.question, id: plan.dataset.id },
  };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

/** Whether the version-1 folder with manifest `m` holds samples of exactly the plan's requests. */
export function legacyRunMatches(m: RunManifest, plan: EvalPlan): boolean {
  if ((m.version as number) !== 1 || plan.model.identity !== undefined) return false;
  const prompt = { system: plan.prompt.system?.source, user: plan.prompt.user.source };
  return (
    m.fingerprint === legacyFingerprint(m, plan) &&
    m.dataset.sha256 === plan.identities.datasetSha256 &&
    m.model.model === plan.model.model &&
    m.model.api === plan.model.api &&
    canonicalJson({ system: m.prompt.system, user: m.prompt.user }) === canonicalJson(prompt) &&
    canonicalJson(m.params) === canonicalJson(plan.manifest.params) &&
    endpointIdentity({ baseUrls: m.model.baseUrls }) === plan.identities.endpoint
  );
}
