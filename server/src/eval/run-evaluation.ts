// The evaluation engine behind `passk eval` and the editor's "Run Evaluation": plan the run, open (or resume)
// its folder, request exactly the missing samples, grade and store them as they arrive, and write the summary.
// It never throws on user input or network trouble: everything that went wrong comes back as problems, next to
// the summary of whatever the run folder holds.
import { setMaxListeners } from 'node:events';
import type { EnvMap } from '../text/env';
import type { Problem, ProblemCode, Result } from '../problems/problem';
import type { RecipeDoc } from '../recipe/model';
import { readManifest } from '../runs/run-manifest';
import { writeRunSummary } from '../runs/summary-file';
import type { RunSummary } from '../runs/run-summary';
import { missingIndices } from '../runs/problem-tally';
import { openRunWriter } from '../runs/run-writer';
import type { ShardSpec } from '../runs/shard-spec';
import { Provider } from '../sampling/provider';
import { classifyError, type SamplingError } from '../sampling/sampling-error';
import { Scheduler } from '../sampling/scheduler';
import { redact, resolveCredentials } from '../sampling/secrets';
import { sampleBatch } from './batch-sampling';
import { sampleDirect } from './direct-sampling';
import { planEvaluation, type PlannedProblem } from './eval-plan';
import { makeGrader } from './grader';
import { SampleSink } from './sample-sink';
import { adoptSharedSamples } from './shared-samples';
import { summarizeRunCooperatively } from './summarize-run';

export interface EvalProgress {
  /** Samples stored, including those found from earlier runs. */
  done: number;
  total: number;
  problemsDone: number;
  problemsTotal: number;
  samplesPerSec: number;
  etaSec: number | null;
  retries: number;
  errors: number;
}

export interface RunEvaluationOptions {
  env: EnvMap;
  signal?: AbortSignal;
  limit?: number;
  /** Evaluate this model of the recipe instead of the entry's own (one checkpoint of its `series`). */
  model?: string;
  /** Run only this shard of the problems, in a run folder of its own (docs/cluster.md). */
  shard?: ShardSpec;
  onProgress?: (p: EvalProgress) => void;
  /** Keys by model name (VS Code SecretStorage); they win over `${env:…}` in the recipe. */
  apiKeys?: Record<string, string>;
  /** False in untrusted workspaces: stored runs are summarised, but no request is sent. */
  allowNetwork?: boolean;
  /** Most choices asked for in one request (`n`); default 128. */
  maxChoicesPerRequest?: number;
  /** First retry delay (default 500 ms); tests shorten it. */
  retryBaseMs?: number;
  /** Batch API poll interval (default 10 s). */
  batchPollMs?: number;
  /** Minimum milliseconds between progress reports (default 100). */
  progressEveryMs?: number;
}

/** The first baseUrl that is not an http(s) URL (no request could reach it, so retrying would only wait). */
function badBaseUrl(urls: readonly string[]): string | undefined {
  for (const u of urls) {
    try {
      const parsed = new URL(u);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return u;
    } catch {
      return u;
    }
  }
  return urls.length ? undefined : '(none)';
}

const problem = (code: ProblemCode, severity: Problem['severity'], message: string): Problem => ({ code, severity, message });

export async function runEvaluation(doc: RecipeDoc, entry: string | undefined, opts: RunEvaluationOptions): Promise<Result<RunSummary | undefined>> {
  const planned = await planEvaluation(doc, entry, opts.limit, opts.signal, opts.model, opts.shard);
  const problems: Problem[] = [...planned.problems];
  const plan = planned.value;
  if (!plan) return { value: undefined, problems };
  const creds = resolveCredentials(plan.model, opts.env, opts.apiKeys);
  const grade = makeGrader(plan.def.grader);
  // Stored samples are matched to problems by request identity, not by id or line, so a dataset edited,
  // reordered or moved still finds the samples of every unchanged problem (docs/runs.md).
  const byReq = new Map<string, PlannedProblem[]>();
  for (const p of plan.problems) byReq.set(p.req, [...(byReq.get(p.req) ?? []), p]);
  const sink = new SampleSink(grade);
  // run.json lists every server that produced samples here (one endpoint identity can span several).
  const previous = readManifest(plan.runDir);
  if (previous) plan.manifest.model.baseUrls = [...new Set([...previous.model.baseUrls, ...plan.manifest.model.baseUrls])];
  const opened = openRunWriter(plan.runDir, plan.manifest, {
    // A run made with more samples than the recipe now asks for is reused; its figures use the first `samples`.
    onExisting: (r) => {
      if (r.index >= plan.def.samples || r.req === undefined) return;
      for (const p of byReq.get(r.req) ?? []) if (p.vid === r.vid) sink.addExisting({ ...r, problem: p.id });
    },
    stale: (r) => {
      const ps = r.req === undefined ? undefined : byReq.get(r.req);
      return ps !== undefined && !ps.some((p) => p.vid === r.vid);
    },
    regrade: (r) => {
      const ps = byReq.get(r.req!)!;
      const p = ps.find((x) => x.id === r.problem) ?? ps[0]!;
      return { ...r, ...grade(r.text, p.gold), vid: p.vid };
    },
  });
  problems.push(...opened.problems);
  const writer = opened.value;
  if (!writer) return { value: undefined, problems };
  sink.attach(writer);
  try {
    adoptSharedSamples(plan, sink);
  } catch (e) {
    problems.push(problem('eval/shared-samples', 'warning', `Samples of other recipes beside this one could not be read (${e instanceof Error ? e.message : String(e)}); the missing samples are requested instead.`));
  }
  const total = plan.problems.length * plan.def.samples;
  const work = plan.problems.map((p) => ({ problem: p, missing: missingIndices(sink.tallies.get(p.id), plan.def.samples) })).filter((w) => w.missing.length);
  const stopper = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stopper.signal]) : stopper.signal;
  // Every queued request listens for cancel on this one signal; thousands of listeners are expected, not a leak.
  setMaxListeners(0, signal);
  const started = Date.now();
  const existing = plan.problems.reduce((s, p) => s + Math.min(plan.def.samples, sink.tallies.get(p.id)?.n ?? 0), 0);
  let scheduler: Scheduler | undefined;
  let errors = 0;
  let lastReport = 0;
  const report = (force = false) => {
    if (!opts.onProgress || (!force && Date.now() - lastReport < (opts.progressEveryMs ?? 100))) return;
    lastReport = Date.now();
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? sink.added / elapsed : 0;
    const done = existing + sink.added;
    let problemsDone = 0;
    for (const p of plan.problems) if ((sink.tallies.get(p.id)?.n ?? 0) >= plan.def.samples) problemsDone++;
    opts.onProgress({ done, total, problemsDone, problemsTotal: plan.problems.length, samplesPerSec: rate, etaSec: rate > 0 ? (total - done) / rate : null, retries: scheduler?.retries ?? 0, errors });
  };
  try {
    report(true);
    if (work.length && opts.allowNetwork === false) {
      problems.push(problem('eval/network-disallowed', 'error', `Evaluation "${plan.entry}" needs ${work.reduce((s, w) => s + w.missing.length, 0)} more samples, but sending requests is not allowed here (untrusted workspace); trust the workspace to run it.`));
    } else if (work.length && badBaseUrl(plan.model.baseUrls)) {
      problems.push(problem('eval/bad-base-url', 'error', `Model "${plan.model.name}" has baseUrl "${badBaseUrl(plan.model.baseUrls)}", which is not an http(s) URL; fix it in the recipe.`));
    } else if (work.length) {
      problems.push(...creds.problems);
      const provider = new Provider(plan.model, creds.value);
      const maxChoices = Math.max(1, opts.maxChoicesPerRequest ?? 128);
      let fatal: SamplingError | undefined;
      let failed = 0;
      let lastError: SamplingError | undefined;
      if (plan.model.batch) {
        const r = await sampleBatch(plan, work, provider, sink, { maxChoices, pollMs: opts.batchPollMs ?? 10_000, signal, onStored: () => report(), maxRounds: plan.model.maxRetries + 1 });
        fatal = r.fatal;
        failed = r.failedRequests;
      } else {
        scheduler = new Scheduler({
          concurrency: plan.model.concurrency,
          ...(plan.model.rpm ? { rpm: plan.model.rpm } : {}),
          ...(plan.model.tpm ? { tpm: plan.model.tpm } : {}),
          maxRetries: plan.model.maxRetries,
          timeoutMs: plan.model.timeoutSeconds * 1000,
          replicas: provider.replicas,
          signal,
          ...(opts.retryBaseMs !== undefined ? { baseDelayMs: opts.retryBaseMs } : {}),
          classify: (e, aborted) => classifyError(e, `"${plan.model.name}"`, aborted),
          onRetry: () => report(),
        });
        const r = await sampleDirect(plan, work, provider, scheduler, sink, { maxChoices, stop: () => stopper.abort(), onStored: () => report() });
        fatal = r.fatal;
        failed = r.failedRequests;
        lastError = r.lastError;
      }
      errors = failed;
      const secrets = [creds.value.apiKey, ...Object.values(creds.value.headers)];
      if (fatal) problems.push(problem('eval/request-rejected', 'error', redact(`The run of "${plan.entry}" stopped: ${fatal.message}`, secrets)));
      if (failed) problems.push(problem('eval/requests-failed', 'warning', redact(`${failed} request(s) to model "${plan.model.name}" still failed after ${plan.model.maxRetries} retries${lastError ? ` (last: ${lastError.message})` : ''}; rerun to request the missing samples.`, secrets)));
      if (opts.signal?.aborted) problems.push(problem('eval/cancelled', 'information', `The run of "${plan.entry}" was cancelled; the samples received so far are kept and a rerun requests only the missing ones.`));
    }
    writer.saveManifest();
    // Yielding now and then keeps a big run's summary from hiding a cancel (README, "Signals").
    let slice = Date.now();
    const pause = async () => {
      if (Date.now() - slice < 20) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      slice = Date.now();
    };
    const summary = await summarizeRunCooperatively({ manifest: writer.manifest, runDir: plan.runDir, problems: plan.problems, tallies: sink.tallies, tokens: sink.tokens }, pause);
    writeRunSummary(plan.runDir, summary);
    // A shard's figures describe a slice of the problems; `expect` is checked on the merged run instead.
    for (const c of plan.manifest.shard ? [] : summary.expect) {
      if (!c.passed) problems.push(problem('eval/below-expectation', 'warning', `${c.metric} is ${c.actual === null ? 'not available' : c.actual.toFixed(4)}, below the expected ${c.threshold} of evaluation "${plan.entry}".`));
    }
    report(true);
    return { value: summary, problems };
  } catch (e) {
    problems.push(problem('eval/io', 'error', `The run folder ${plan.runDir} could not be written: ${e instanceof Error ? e.message : String(e)}.`));
    return { value: undefined, problems };
  } finally {
    writer.close();
  }
}
