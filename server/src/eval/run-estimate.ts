// What a run will cost before it starts (docs/runs.md, "Cost and time before a run"): the requests still to
// send, the samples they ask for, the prompt tokens they carry, the most completion tokens they may produce,
// the most it can cost at the model's `price`, and the least time its rate limits allow. Pure arithmetic over
// the plan's outstanding requests; the caller decides which samples are already stored.
import type { ModelDef } from '../recipe/model';

/** One request still to send: its prompt's tokens and how many samples (`n`) it asks for. */
export interface PendingRequest {
  promptTokens: number;
  samples: number;
}

export interface RunEstimate {
  entry: string;
  requests: number;
  samples: number;
  promptTokens: number;
  /** Samples × `maxTokens`: completions stop there, so no run produces more. */
  maxCompletionTokens: number;
  /** Dollars at the model's `price` if every completion ran to `maxTokens`; null without a `price`. */
  cost: { max: number } | null;
  /** The least wall-clock seconds the rate limits (or earlier latencies) allow; null when nothing bounds it. */
  seconds: { min: number } | null;
}

export interface EstimateInput {
  entry: string;
  model: Pick<ModelDef, 'price' | 'batch' | 'rpm' | 'tpm' | 'concurrency' | 'baseUrls'>;
  maxTokens: number;
  requests: readonly PendingRequest[];
  /** The fastest request latency earlier samples of this run recorded, in milliseconds, when there are any. */
  fastestLatencyMs?: number;
}

/**
 * Seconds a token bucket of `perMinute` needs to hand out `amount`. The scheduler's bucket starts full with one
 * second of budget (sampling/rate-limiter.ts), so that much goes at once.
 */
function bucketSeconds(amount: number, perMinute: number): number {
  const bucket = Math.max(1, perMinute / 60);
  return Math.max(0, (amount - bucket) / (perMinute / 60));
}

export function estimateRun(input: EstimateInput): RunEstimate {
  const { model } = input;
  const requests = input.requests.length;
  let samples = 0;
  let promptTokens = 0;
  for (const r of input.requests) {
    samples += r.samples;
    promptTokens += r.promptTokens;
  }
  const maxCompletionTokens = samples * input.maxTokens;
  // The Batch API bills half the listed price (docs/models.md).
  const factor = model.batch ? 0.5 : 1;
  const cost = model.price ? { max: ((promptTokens * model.price.inputPerMTok + maxCompletionTokens * model.price.outputPerMTok) / 1e6) * factor } : null;
  // Batch results come back within hours, whatever the limits say; only direct requests have a lower bound.
  let seconds: { min: number } | null = null;
  if (!model.batch && requests > 0) {
    const bounds: number[] = [];
    if (model.rpm) bounds.push(bucketSeconds(requests, model.rpm));
    // Every request spends at least its prompt tokens of the tpm budget; completions add an unknown amount.
    if (model.tpm) bounds.push(bucketSeconds(promptTokens, model.tpm));
    if (input.fastestLatencyMs !== undefined) {
      // With `concurrency` requests in flight per replica, the requests go in waves no faster than the fastest one seen.
      const lanes = Math.max(1, model.concurrency) * Math.max(1, model.baseUrls.length);
      bounds.push((Math.ceil(requests / lanes) * input.fastestLatencyMs) / 1000);
    }
    if (bounds.length) seconds = { min: Math.max(...bounds) };
  } else if (!model.batch) seconds = { min: 0 };
  return { entry: input.entry, requests, samples, promptTokens, maxCompletionTokens, cost, seconds };
}
