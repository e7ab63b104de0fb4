// Sends the requests of the synthesis stages. Each model of the recipe gets its own Provider and Scheduler, so
// its concurrency, rate limits and retry policy apply to generate, verify and solve alike; a `batch: true` model
// gets a BatchQueue instead, which gathers the requests of all candidates at one stage into one Batch API batch.
// A request for several solutions asks for `n` choices; what a server does not return is asked for again one
// choice at a time with its own seed, as evaluation does.
import * as path from 'node:path';
import type { EnvMap } from '../text/env';
import type { Problem } from '../problems/problem';
import type { ModelDef, SamplingParams } from '../recipe/model';
import { BatchQueue } from '../sampling/batch-queue';
import { Provider, requestBody, type PromptText, type ProviderResponse } from '../sampling/provider';
import { classifyError, SamplingError } from '../sampling/sampling-error';
import { Scheduler } from '../sampling/scheduler';
import { resolveCredentials, secretsOf } from '../sampling/secrets';

export interface StageSamplerOptions {
  env: EnvMap;
  apiKeys?: Record<string, string>;
  signal: AbortSignal;
  retryBaseMs?: number;
  /** Batch API poll interval (default 10 s). */
  batchPollMs?: number;
  /** Quiet period before a batch is sent (default 50 ms). */
  batchGatherMs?: number;
  /** The run folder, where batches in progress are remembered so that a rerun resumes them. */
  runDir?: string;
  /** Sends even a batch model's requests directly: the live preview wants its few answers in seconds, not hours. */
  direct?: boolean;
}

/** The batches in progress of a synthesis run, by the hash of their request file (see BatchQueue). */
export const PENDING_BATCHES = 'batches.json';

export class StageSampler {
  private readonly lanes = new Map<string, { model: ModelDef; provider: Provider; scheduler: Scheduler; batch?: BatchQueue }>();
  readonly problems: Problem[] = [];
  /** Secrets in use, so error messages can be redacted before they reach the user. */
  readonly secrets: string[] = [];

  constructor(models: Iterable<ModelDef>, opts: StageSamplerOptions) {
    for (const model of models) {
      const creds = resolveCredentials(model, opts.env, opts.apiKeys);
      this.problems.push(...creds.problems);
      this.secrets.push(...secretsOf(creds.value));
      const scheduler = new Scheduler({
        concurrency: model.concurrency,
        ...(model.rpm ? { rpm: model.rpm } : {}),
        ...(model.tpm ? { tpm: model.tpm } : {}),
        maxRetries: model.maxRetries,
        timeoutMs: model.timeoutSeconds * 1000,
        replicas: model.baseUrls.length,
        signal: opts.signal,
        ...(opts.retryBaseMs !== undefined ? { baseDelayMs: opts.retryBaseMs } : {}),
        classify: (e, aborted) => classifyError(e, `"${model.name}"`, aborted),
      });
      const provider = new Provider(model, creds.value);
      const batch = model.batch && !opts.direct
        ? new BatchQueue(provider.primary, {
          endpoint: model.api === 'chat' ? '/v1/chat/completions' : '/v1/completions',
          modelName: model.name,
          pollMs: opts.batchPollMs ?? 10_000,
          signal: opts.signal,
          maxRetries: model.maxRetries,
          ...(opts.batchGatherMs !== undefined ? { gatherMs: opts.batchGatherMs } : {}),
          ...(opts.runDir ? { pendingFile: path.join(opts.runDir, PENDING_BATCHES) } : {}),
        })
        : undefined;
      this.lanes.set(model.name, { model, provider, scheduler, ...(batch ? { batch } : {}) });
    }
  }

  /** Whether any model of the run goes through the Batch API (then every candidate should be in flight at once). */
  get batched(): boolean {
    for (const l of this.lanes.values()) if (l.batch) return true;
    return false;
  }

  /** Batch API batches sent or resumed so far. */
  get batches(): number {
    let n = 0;
    for (const l of this.lanes.values()) n += l.batch?.batches ?? 0;
    return n;
  }

  get retries(): number {
    let r = 0;
    for (const l of this.lanes.values()) r += l.scheduler.retries;
    return r;
  }

  /** `count` completions of one prompt; throws a SamplingError when the model keeps failing or the run stops. */
  async sample(modelName: string, prompt: PromptText, count: number, params: SamplingParams): Promise<string[]> {
    const lane = this.lanes.get(modelName);
    if (!lane) throw new SamplingError(`Model "${modelName}" is not defined in the recipe.`, 'fatal');
    const texts: string[] = [];
    let ask = count;
    while (texts.length < count) {
      const want = Math.min(ask, count - texts.length);
      const seed = params.seed !== undefined ? params.seed + texts.length : undefined;
      const req = { prompt, count: want, ...(seed !== undefined ? { seed } : {}), params };
      let r: ProviderResponse;
      if (lane.batch) {
        r = await lane.batch.submit(requestBody(lane.model, req));
        if (r.completions.length === 0) throw new SamplingError(`Model "${modelName}" returned no choices in its batch output.`, 'retryable');
      } else {
        const promptChars = (prompt.system?.length ?? 0) + prompt.user.length;
        r = await lane.scheduler.run(async (signal, replica) => {
          const res = await lane.provider.complete(req, signal, replica);
          if (res.completions.length === 0) throw new SamplingError(`Model "${modelName}" returned no choices.`, 'retryable');
          return { value: res, tokens: res.totalTokens };
        }, Math.ceil(promptChars / 4) + params.maxTokens * want);
      }
      texts.push(...r.completions.map((c) => c.text));
      // A server that ignored `n` is asked one choice (and one seed) at a time from now on.
      if (r.completions.length < want) ask = 1;
    }
    return texts.slice(0, count);
  }
}
