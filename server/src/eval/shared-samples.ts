// Samples shared between recipes (docs/runs.md): a run folder belongs to one recipe file and entry, but another
// folder beside it with the same sample identity (same endpoint, model, api, prompt templates, parameters) holds
// answers to the same requests. Before requesting anything, the samples this run misses are looked up there by
// (request identity, sample index) and copied in, judged under this run's gold values and grader. Folders of
// the format before request identities are used too when they provably hold the same requests (legacy-runs.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadRun } from '../runs/find-runs';
import { readManifest } from '../runs/run-manifest';
import type { EvalPlan, PlannedProblem } from './eval-plan';
import { legacyRunMatches } from './legacy-runs';
import type { SampleSink } from './sample-sink';

/** Copies the missing samples that sibling run folders hold; returns how many were copied. */
export function adoptSharedSamples(plan: EvalPlan, sink: SampleSink): number {
  const byReq = new Map<string, PlannedProblem[]>();
  for (const p of plan.problems) {
    if ((sink.tallies.get(p.id)?.n ?? 0) >= plan.def.samples) continue;
    const list = byReq.get(p.req);
    if (list) list.push(p);
    else byReq.set(p.req, [p]);
  }
  if (byReq.size === 0) return 0;
  const root = path.dirname(plan.runDir);
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return 0;
  }
  const byId = new Map(plan.problems.map((p) => [p.id, p]));
  let adopted = 0;
  for (const name of names.sort()) {
    const dir = path.join(root, name);
    const m = dir === plan.runDir ? undefined : readManifest(dir);
    if (!m) continue;
    const legacy = legacyRunMatches(m, plan);
    if (!legacy && m.sampleIdentity !== plan.identities.sampleIdentity) continue;
    const run = loadRun(dir).value;
    if (!run) continue;
    for (const r of run.samples()) {
      if (r.index >= plan.def.samples) continue;
      // A legacy sample is a sample of the problem with its id; the plan checked that ids mean the same rows.
      const ps = r.req !== undefined ? byReq.get(r.req) : legacy ? [byId.get(r.problem)].filter((p): p is PlannedProblem => p !== undefined && byReq.has(p.req)) : undefined;
      for (const p of ps ?? []) if (sink.adopt(p, r)) adopted++;
    }
  }
  return adopted;
}
