// Runs the analysis of open recipes in a worker thread, so a large recipe (a 2 000-line file takes a few hundred
// milliseconds on a busy machine) never holds up hover, completion or the next didChange on the message loop.
// One worker serves all documents; for each document only the newest pending version is kept, so a burst of
// edits costs at most the analysis in flight plus one more. Results of versions that were superseded while
// running are dropped by the caller. The result is the typed RecipeDoc with its problems, both plain data, so
// the features that need the document (hover, completion, definition, CodeLens…) use the worker's analysis of
// a version instead of making their own.
import { Worker } from 'node:worker_threads';
import type { Problem } from '../problems/problem';
import type { RecipeDoc } from '../recipe/model';
import type { AnalyzerInput, AnalyzerOutput } from './session';

export interface WorkerRequest {
  id: number;
  input: AnalyzerInput;
  /** Asks for the YAML syntax problems in a message of their own, before the full result. */
  early?: boolean;
}
export interface WorkerResponse {
  id: number;
  /** The syntax problems of a request that asked for them early; its full result follows in another message. */
  early?: Problem[] | undefined;
  problems?: Problem[];
  /** The analysed document without its text (the caller has the text it sent). */
  doc?: RecipeDoc | undefined;
  error?: string;
}

type Done = (result: AnalyzerOutput) => void;
type Early = (problems: Problem[]) => void;
type Job = { input: AnalyzerInput; done: Done; early: Early | undefined };

export class BackgroundAnalyzer {
  private worker: Worker | undefined;
  private busy: { id: number; uri: string; version: number; text: string; done: Done; early: Early | undefined } | undefined;
  private readonly pending = new Map<string, Job>();
  private nextId = 1;

  constructor(
    private readonly script: string,
    private readonly log: (message: string) => void,
    /** A worker already started from `script`, adopted as this analyzer's own. */
    started?: Worker,
  ) {
    if (started) this.adopt(started);
  }

  /**
   * Queues `input`; `done` is called with its document and problems, unless a newer version of the document
   * replaces it first. `early`, when given, is called before `done` with the YAML syntax problems alone, as soon
   * as the text is parsed.
   */
  analyze(input: AnalyzerInput, done: Done, early?: Early): void {
    this.pending.set(input.uri, { input, done, early });
    this.pump();
  }

  /** Starts the worker ahead of the first document, so opening one does not also wait for the worker to load. */
  start(): void {
    this.ensureWorker();
  }

  /** Whether the worker is analysing this version of `uri` right now (not merely queued behind another document). */
  isAnalysing(uri: string, version: number): boolean {
    return this.busy?.uri === uri && this.busy.version === version;
  }

  /** Forgets a closed document's pending analysis. */
  cancel(uri: string): void {
    this.pending.delete(uri);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.busy) return;
    const next = this.pending.entries().next();
    if (next.done) return;
    const [uri, job] = next.value;
    this.pending.delete(uri);
    const id = this.nextId++;
    this.busy = { id, uri, version: job.input.version, text: job.input.text, done: job.done, early: job.early };
    const request: WorkerRequest = { id, input: job.input, ...(job.early ? { early: true } : {}) };
    this.ensureWorker().postMessage(request);
  }

  private ensureWorker(): Worker {
    return this.worker ?? this.adopt(new Worker(this.script));
  }

  private adopt(worker: Worker): Worker {
    // The worker must not keep the server alive after the client says exit.
    worker.unref();
    worker.on('message', (r: WorkerResponse) => this.finish(r));
    worker.on('error', (e) => this.crashed(worker, e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => this.crashed(worker, `exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private finish(r: WorkerResponse): void {
    const busy = this.busy;
    if (!busy || busy.id !== r.id) return;
    if (r.early) {
      busy.early?.(r.early);
      return;
    }
    this.busy = undefined;
    // The worker leaves the text out of the document it sends back; it is the text it was sent.
    const doc = r.doc ? { ...r.doc, text: busy.text } : undefined;
    busy.done({ doc, problems: r.problems ?? [internalProblem(r.error ?? 'no result')] });
    this.pump();
  }

  /** A worker that died (e.g. out of memory on a pathological file) is replaced; its job gets one clear problem. */
  private crashed(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const busy = this.busy;
    this.busy = undefined;
    this.log(`passk: the analysis worker stopped (${why}); starting a new one.`);
    busy?.done({ problems: [internalProblem(`the analysis stopped: ${why}`)] });
    this.pump();
  }
}

export function internalProblem(why: string): Problem {
  return {
    code: 'recipe/internal',
    severity: 'error',
    message: `passk could not finish checking this recipe (${why}); please report it with the recipe.`,
    span: { start: 0, end: 0 },
  };
}
