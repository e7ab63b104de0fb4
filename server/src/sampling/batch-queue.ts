// Gathers the requests of a `batch: true` model, made one at a time by callers that each await their answer (the
// synthesis stages), into OpenAI Batch API batches: requests that arrive within a short quiet period go into one
// batch, and each caller gets its own response back, so a stage of all candidates costs one batch turnaround
// instead of one request each. Every request is keyed by a hash of its body and a batch file lists them in key
// order, so the same requests always make the same file: the queue remembers the batches in progress by the
// hash of that file, and a rerun after an interruption polls the batch it already paid for. Failed lines are
// asked again in a later batch, up to maxRetries times.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { OpenAI } from 'openai';
import { writeJsonAtomic } from '../runs/run-manifest';
import { runBatch, type BatchItem } from './batch-client';
import type { ProviderResponse } from './provider';
import { classifyError, SamplingError } from './sampling-error';

export interface BatchQueueOptions {
  endpoint: '/v1/chat/completions' | '/v1/completions';
  modelName: string;
  pollMs: number;
  signal: AbortSignal;
  maxRetries: number;
  /** Quiet period after the last request before a batch is sent (default 50 ms). */
  gatherMs?: number;
  /** Most requests in one batch (default 50 000, the Batch API's limit). */
  maxItems?: number;
  /** A JSON file naming the batches in progress, so that a rerun resumes them. */
  pendingFile?: string;
}

interface Entry {
  body: Record<string, unknown>;
  waiters: { resolve: (r: ProviderResponse) => void; reject: (e: SamplingError) => void }[];
  /** Batches this request was already part of that gave no answer for it. */
  attempts: number;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const cancelled = () => new SamplingError('The run was cancelled.', 'aborted');

export class BatchQueue {
  private queued = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  /** Batches created or resumed, for progress reports and tests. */
  batches = 0;

  constructor(private readonly client: OpenAI, private readonly opts: BatchQueueOptions) {
    opts.signal.addEventListener('abort', () => {
      clearTimeout(this.timer);
      const entries = [...this.queued.values()];
      this.queued = new Map();
      for (const e of entries) for (const w of e.waiters) w.reject(cancelled());
    }, { once: true });
  }

  /** The response to one request body, once the batch holding it is done. */
  submit(body: Record<string, unknown>): Promise<ProviderResponse> {
    if (this.opts.signal.aborted) return Promise.reject(cancelled());
    const id = sha(JSON.stringify(body)).slice(0, 32);
    return new Promise((resolve, reject) => this.enqueue(id, { body, waiters: [{ resolve, reject }], attempts: 0 }));
  }

  private enqueue(id: string, entry: Entry): void {
    // Identical requests (same prompt, parameters and seed) get the same answer, so they share one line.
    const same = this.queued.get(id);
    if (same) same.waiters.push(...entry.waiters);
    else this.queued.set(id, entry);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.opts.gatherMs ?? 50);
  }

  private flush(): void {
    this.timer = undefined;
    const entries = [...this.queued].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.queued = new Map();
    const max = Math.max(1, this.opts.maxItems ?? 50_000);
    for (let i = 0; i < entries.length; i += max) void this.send(entries.slice(i, i + max));
  }

  private async send(entries: [string, Entry][]): Promise<void> {
    const items: BatchItem[] = entries.map(([customId, e]) => ({ customId, body: e.body }));
    const key = sha(items.map((it) => `${it.customId}\n${JSON.stringify(it.body)}`).join('\n'));
    const resumeBatchId = this.pending()[key];
    this.batches++;
    let outcome;
    try {
      outcome = await runBatch(this.client, items, {
        endpoint: this.opts.endpoint,
        modelName: this.opts.modelName,
        pollMs: this.opts.pollMs,
        signal: this.opts.signal,
        ...(resumeBatchId ? { resumeBatchId } : {}),
        onCreated: (batchId) => this.remember(key, batchId),
      });
    } catch (e) {
      const err = classifyError(e, `"${this.opts.modelName}"`, this.opts.signal.aborted);
      // A cancelled run keeps the batch remembered, so the rerun polls it instead of paying for it again.
      if (err.kind === 'aborted') {
        for (const [id, entry] of entries) this.fail(id, entry, err);
        return;
      }
      this.remember(key, undefined);
      // A remembered batch the server no longer knows is forgotten and its requests sent afresh.
      if (resumeBatchId) for (const [id, entry] of entries) this.enqueue(id, entry);
      else for (const [id, entry] of entries) this.fail(id, entry, err);
      return;
    }
    this.remember(key, undefined);
    for (const [id, entry] of entries) {
      const r = outcome.get(id) ?? new SamplingError(`The batch output of model "${this.opts.modelName}" has no line for a request.`, 'retryable');
      if (r instanceof SamplingError) this.fail(id, entry, r);
      else for (const w of entry.waiters) w.resolve(r);
    }
  }

  private fail(id: string, entry: Entry, err: SamplingError): void {
    if (err.kind === 'retryable' && entry.attempts < this.opts.maxRetries && !this.opts.signal.aborted) {
      this.enqueue(id, { ...entry, attempts: entry.attempts + 1 });
      return;
    }
    for (const w of entry.waiters) w.reject(err);
  }

  /** Batches in progress by the hash of their request file; an unreadable file just means none. */
  private pending(): Record<string, string> {
    if (!this.opts.pendingFile) return {};
    try {
      const v = JSON.parse(fs.readFileSync(this.opts.pendingFile, 'utf8')) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  private remember(key: string, batchId: string | undefined): void {
    if (!this.opts.pendingFile) return;
    const all = this.pending();
    if (batchId) all[key] = batchId;
    else if (key in all) delete all[key];
    else return;
    try {
      if (Object.keys(all).length) writeJsonAtomic(this.opts.pendingFile, all);
      else fs.rmSync(this.opts.pendingFile, { force: true });
    } catch {
      // Not remembering a batch only costs a rerun its resume; the run itself goes on.
    }
  }
}
