// The simulator's in-memory Files and Batches API: enough of OpenAI's contract (upload a JSONL of requests,
// create a batch, poll it, download the output file) for the Batch mode of the sampler to be tested end to end.
import { completionBody, type CompletionOptions, type CompletionRequest } from './completion';
import type { QuestionIndex } from './question-index';

export interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  data: Buffer;
  created_at: number;
}

export interface BatchObject {
  id: string;
  object: 'batch';
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: 'validating' | 'in_progress' | 'completed' | 'failed' | 'cancelled';
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  request_counts: { total: number; completed: number; failed: number };
}

export class BatchStore {
  readonly files = new Map<string, StoredFile>();
  readonly batches = new Map<string, BatchObject>();
  private seq = 0;
  /** Request lines failed on purpose so far (see SimulatorOptions.batchLineFailures). */
  private linesFailed = 0;

  constructor(private readonly index: QuestionIndex, private readonly opts: () => CompletionOptions & { batchDelayMs: number; batchLineFailures?: number }) {}

  addFile(filename: string, purpose: string, data: Buffer): StoredFile {
    const f: StoredFile = { id: `file-sim${++this.seq}`, filename, purpose, data, created_at: Math.floor(Date.now() / 1000) };
    this.files.set(f.id, f);
    return f;
  }

  fileObject(f: StoredFile): object {
    return { id: f.id, object: 'file', bytes: f.data.length, created_at: f.created_at, filename: f.filename, purpose: f.purpose, status: 'processed' };
  }

  create(body: { input_file_id?: string; endpoint?: string; completion_window?: string }): BatchObject | string {
    const input = body.input_file_id ? this.files.get(body.input_file_id) : undefined;
    if (!input) return `input file ${body.input_file_id ?? '(none)'} not found`;
    const endpoint = body.endpoint ?? '/v1/chat/completions';
    if (endpoint !== '/v1/chat/completions' && endpoint !== '/v1/completions') return `unsupported endpoint ${endpoint}`;
    const lines = input.data.toString('utf8').split('\n').filter((l) => l.trim());
    const batch: BatchObject = {
      id: `batch-sim${++this.seq}`, object: 'batch', endpoint, input_file_id: input.id,
      completion_window: body.completion_window ?? '24h', status: 'validating', output_file_id: null, error_file_id: null,
      created_at: Math.floor(Date.now() / 1000), request_counts: { total: lines.length, completed: 0, failed: 0 },
    };
    this.batches.set(batch.id, batch);
    const { batchDelayMs } = this.opts();
    setTimeout(() => { batch.status = 'in_progress'; }, batchDelayMs / 2).unref();
    setTimeout(() => this.complete(batch, lines), batchDelayMs).unref();
    return batch;
  }

  private complete(batch: BatchObject, lines: string[]): void {
    if (batch.status === 'cancelled') return;
    const kind = batch.endpoint === '/v1/completions' ? 'completions' : 'chat';
    const out: string[] = [];
    for (const line of lines) {
      let item: { custom_id?: string; body?: CompletionRequest };
      try {
        item = JSON.parse(line) as typeof item;
      } catch {
        batch.request_counts.failed++;
        continue;
      }
      if (this.linesFailed < (this.opts().batchLineFailures ?? 0)) {
        this.linesFailed++;
        batch.request_counts.failed++;
        out.push(JSON.stringify({
          id: `req-failed-${this.linesFailed}`, custom_id: item.custom_id ?? null,
          response: { status_code: 500, request_id: `sim-${batch.id}`, body: { error: { message: 'The simulator failed this line on purpose.' } } }, error: null,
        }));
        continue;
      }
      const body = completionBody(kind, item.body ?? {}, this.index, this.opts());
      out.push(JSON.stringify({
        id: `req-${batch.request_counts.completed}`, custom_id: item.custom_id ?? null,
        response: { status_code: 200, request_id: `sim-${batch.id}`, body }, error: null,
      }));
      batch.request_counts.completed++;
    }
    batch.output_file_id = this.addFile(`${batch.id}_output.jsonl`, 'batch_output', Buffer.from(out.join('\n') + '\n')).id;
    batch.status = 'completed';
  }
}
