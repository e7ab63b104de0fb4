// The live preview (`passk preview --live`): a synthesis entry's whole pipeline on its first few
// seeds, with every stage's text shown, so a recipe author sees what the generator writes, what the verifier
// says and whether the solutions agree before paying for a large run. Nothing is journaled or exported.
import { setMaxListeners } from 'node:events';
import type { EnvMap } from '../text/env';
import type { Problem, Result } from '../problems/problem';
import type { RecipeDoc } from '../recipe/model';
import { SamplingError } from '../sampling/sampling-error';
import { redact } from '../sampling/secrets';
import type { CandidateRecord } from '../synthesis/candidate-journal';
import { ContaminationIndex } from '../synthesis/contamination-index';
import { NearDuplicateIndex } from '../synthesis/near-duplicate-index';
import { candidate, type CandidateTrace } from '../synthesis/run-synthesis';
import { StageSampler } from '../synthesis/stage-sampler';
import { planSynthesis, type PlannedStage } from '../synthesis/synth-plan';

export interface LiveCandidate {
  seed: { id: string; question: string };
  record?: CandidateRecord;
  trace: CandidateTrace;
  /** Why the candidate has no verdict (a request failed). */
  error?: string;
}

export async function previewLive(
  doc: RecipeDoc,
  entry: string | undefined,
  opts: { env: EnvMap; limit?: number; signal?: AbortSignal; apiKeys?: Record<string, string>; allowNetwork?: boolean },
): Promise<Result<LiveCandidate[] | undefined>> {
  if (opts.allowNetwork === false) {
    return { value: undefined, problems: [{ code: 'preview/network-disallowed', severity: 'error', message: 'The live preview calls the generator model, which is not allowed in an untrusted workspace.' }] };
  }
  const planned = await planSynthesis(doc, entry, opts.limit ?? 2, opts.signal);
  const problems: Problem[] = [...planned.problems];
  const plan = planned.value;
  if (!plan) return { value: undefined, problems };
  const signal = opts.signal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  const models = new Map([plan.generate, plan.verify, plan.solve].filter((s): s is PlannedStage => !!s).map((s) => [s.model.name, s.model]));
  // A batch model is asked directly here: a preview of a few seeds should answer in seconds, not in hours.
  const sampler = new StageSampler(models.values(), { env: opts.env, signal, direct: true, ...(opts.apiKeys ? { apiKeys: opts.apiKeys } : {}) });
  problems.push(...sampler.problems);
  const dedup = plan.def.filters.dedup ? new NearDuplicateIndex(plan.def.filters.dedup.ngram, plan.def.filters.dedup.threshold) : undefined;
  const contamination = plan.def.filters.decontaminate ? new ContaminationIndex(plan.def.filters.decontaminate.ngram) : undefined;
  for (const t of plan.testSets) for (const r of t.rows) contamination?.addTestItem(t.name, r.id, r.question);
  const out = await Promise.all(
    plan.seeds.map(async (seed): Promise<LiveCandidate> => {
      const trace: CandidateTrace = {};
      const item = { seed: { id: seed.id, question: seed.question }, trace };
      try {
        return { ...item, record: await candidate(plan, sampler, { seed, index: 0, key: `${seed.id}#0` }, { dedup, contamination }, trace) };
      } catch (e) {
        const message = e instanceof SamplingError || e instanceof Error ? e.message : String(e);
        return { ...item, error: redact(message, sampler.secrets) };
      }
    }),
  );
  return { value: out, problems };
}
