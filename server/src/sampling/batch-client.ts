// OpenAI Batch API mode (`batch: true` on a model): the requests go into one JSONL file, which is uploaded
// (Files API), turned into a batch, polled until done, and its output downloaded and parsed back into the same
// responses the direct path produces, so the run store cannot tell the two apart.
import { toFile, type OpenAI } from 'openai';
import { sleep } from './rate-limiter';
import { apportion, readChoices, type ProviderResponse } from './provider';
import { SamplingError } from './sampling-error';

export interface BatchItem {
  customId: string;
  body: Record<string, unknown>;
}

export interface BatchOptions {
  endpoint: '/v1/chat/completions' | '/v1/completions';
  modelName: string;
  pollMs: number;
  signal?: AbortSignal;
  /** A batch created by an earlier, interrupted process: poll it instead of uploading again. */
  resumeBatchId?: string;
  /** Told the batch id as soon as it exists, so an interrupted run can resume polling it. */
  onCreated?: (batchId: string) => void;
  onStatus?: (status: string, completed: number, total: number) => void;
}

export type BatchOutcome = Map<string, ProviderResponse | SamplingError>;

const DONE = new Set(['completed', 'failed', 'expired', 'cancelled']);

export async function runBatch(client: OpenAI, items: readonly BatchItem[], opts: BatchOptions): Promise<BatchOutcome> {
  let batchId = opts.resumeBatchId;
  if (!batchId) {
    const jsonl = items.map((it) => JSON.stringify({ custom_id: it.customId, method: 'POST', url: opts.endpoint, body: it.body })).join('\n') + '\n';
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl), 'passk-batch.jsonl'), purpose: 'batch' }, { signal: opts.signal });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: opts.endpoint, completion_window: '24h' }, { signal: opts.signal });
    batchId = batch.id;
    opts.onCreated?.(batchId);
  }
  for (;;) {
    const b = await client.batches.retrieve(batchId, { signal: opts.signal });
    opts.onStatus?.(b.status, b.request_counts?.completed ?? 0, b.request_counts?.total ?? items.length);
    if (DONE.has(b.status)) {
      if (b.status !== 'completed' || !b.output_file_id) {
        throw new SamplingError(`The batch ${batchId} of model ${opts.modelName} ended as "${b.status}" without output.`, 'fatal');
      }
      const res = await client.files.content(b.output_file_id, { signal: opts.signal });
      return parseBatchOutput(await res.text(), opts.modelName);
    }
    await sleep(opts.pollMs, opts.signal);
  }
}

/** Parses a batch output file: one line per request, keyed by custom_id; failed lines become errors. */
export function parseBatchOutput(text: string, modelName: string): BatchOutcome {
  const out: BatchOutcome = new Map();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let item: { custom_id?: string; response?: { status_code?: number; body?: unknown } | null; error?: { message?: string } | null };
    try {
      item = JSON.parse(line) as typeof item;
    } catch {
      continue; // a malformed line leaves its samples missing; the next run requests them again
    }
    if (!item.custom_id) continue;
    const status = item.response?.status_code ?? 0;
    if (status !== 200 || !item.response?.body) {
      out.set(item.custom_id, new SamplingError(`A batch request of model ${modelName} failed (${status || 'no status'}${item.error?.message ? `: ${item.error.message}` : ''}).`, 'retryable', status || undefined));
      continue;
    }
    try {
      const { texts, usage } = readChoices(item.response.body, modelName);
      out.set(item.custom_id, { completions: apportion(texts, usage), latencyMs: 0, totalTokens: (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0) });
    } catch (e) {
      out.set(item.custom_id, e instanceof SamplingError ? e : new SamplingError(String(e), 'retryable'));
    }
  }
  return out;
}
