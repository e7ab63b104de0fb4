// `passk eval --dry-run` and the editor's estimate lens: plans an evaluation exactly as a run would, reads which
// samples its run folder already holds (read-only: nothing is created, locked or written), and estimates what the
// rest would cost (run-estimate.ts). Stored samples are matched by request identity, as a resumed run matches
// them, so they are not counted as requests (docs/runs.md, "Cost and time before a run").
import * as path from 'node:path';
import type { Problem, Result } from '../problems/problem';
import type { RecipeDoc } from '../recipe/model';
import { readLog, type LineParser } from '../runs/append-log';
import { SAMPLES } from '../runs/run-manifest';
import { parseSampleVerdict, type SampleVerdict } from '../runs/sample-record';
import { planEvaluation } from './eval-plan';
import { promptTokens } from './prompt-tokens';
import { estimateRun, type PendingRequest, type RunEstimate } from './run-estimate';
import { contiguousChunks } from './sample-sink';

/** Most choices one request asks for (`n`), as runEvaluation's default. */
export const MAX_CHOICES = 128;

type Stored = SampleVerdict & { latencyMs?: number };

// passk writes `latencyMs` right after the identities; lines without it simply add no latency.
const LATENCY = /"vid":"[0-9a-f]{12}","latencyMs":(\d+(?:\.\d+)?)/;
const STORED: LineParser<Stored> = {
  parse(line) {
    const v = parseSampleVerdict(line);
    if (!v) return undefined;
    const m = LATENCY.exec(line);
    return m ? { ...v, latencyMs: Number(m[1]) } : v;
  },
  why: () => 'it is not a sample record',
};

export interface DryRunOptions {
  limit?: number;
  signal?: AbortSignal;
  maxChoices?: number;
  /** Estimate this model of the recipe instead of the entry's own (a checkpoint of its `series`). */
  model?: string;
}

/** The estimate and the run folder whose samples it counted (the editor watches that folder's samples to redo it). */
export type DryRun = RunEstimate & { runDir: string };

export async function estimateEvaluation(doc: RecipeDoc, entry: string | undefined, opts: DryRunOptions = {}): Promise<Result<DryRun | undefined>> {
  const planned = await planEvaluation(doc, entry, opts.limit, opts.signal, opts.model);
  const plan = planned.value;
  if (!plan) return { value: undefined, problems: planned.problems };
  const problems: Problem[] = [...planned.problems];
  const { samples } = plan.def;
  // Stored sample indices by request identity; a regrade (another `vid`) needs no request, so the vid is ignored.
  const stored = new Map<string, Set<number>>();
  const wanted = new Set(plan.problems.map((p) => p.req));
  let fastest: number | undefined;
  const logProblems: Problem[] = [];
  for (const r of readLog(path.join(plan.runDir, SAMPLES), STORED, logProblems, { report: true })) {
    if (r.req === undefined || !wanted.has(r.req) || r.index >= samples) continue;
    let set = stored.get(r.req);
    if (!set) stored.set(r.req, (set = new Set()));
    set.add(r.index);
    if (r.latencyMs !== undefined && r.latencyMs > 0) fastest = Math.min(fastest ?? Infinity, r.latencyMs);
  }
  // Invalid lines would be reported by the run itself; here they only mean those samples count as missing.
  problems.push(...logProblems.filter((p) => p.severity === 'error'));
  const maxChoices = Math.max(1, opts.maxChoices ?? MAX_CHOICES);
  const requests: PendingRequest[] = [];
  // One problem's prompt is tokenized once, however many requests it needs; identical prompts share a count.
  const tokensByReq = new Map<string, number>();
  for (const p of plan.problems) {
    const have = stored.get(p.req);
    const missing: number[] = [];
    for (let i = 0; i < samples; i++) if (!have?.has(i)) missing.push(i);
    if (!missing.length) continue;
    let tokens = tokensByReq.get(p.req);
    if (tokens === undefined) tokensByReq.set(p.req, (tokens = promptTokens(p.prompt, plan.model.api)));
    for (const chunk of contiguousChunks(missing, maxChoices)) requests.push({ promptTokens: tokens, samples: chunk.length });
  }
  const estimate = estimateRun({
    entry: plan.entry, model: plan.model, maxTokens: plan.def.maxTokens, requests,
    ...(fastest !== undefined ? { fastestLatencyMs: fastest } : {}),
  });
  return { value: { ...estimate, runDir: plan.runDir }, problems };
}
