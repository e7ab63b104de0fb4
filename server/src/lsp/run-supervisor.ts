// Runs evaluations and syntheses in child processes: the CLI (`dist/cli.js eval|synth … --events`), so the
// editor and the terminal share one code path and a run's file I/O and grading never share the server's thread
// with hover and completion. The supervisor starts a child, follows its JSON-lines events
// (protocol/run-events.ts), cancels it in three steps (a cancel line, then SIGTERM, then SIGKILL) and stops
// every child on shutdown. A child that crashes ends only its run: the request answers with an error and the
// server carries on (docs/architecture.md, "Runs").
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RunResult } from '../protocol/requests';
import { encodeLine, parseRunEvent, RUN_KEYS_ENV, type RunKind, type RunProgressEvent } from '../protocol/run-events';

export interface RunStart {
  kind: RunKind;
  /** Absolute path of the recipe; the child runs in its folder. */
  file: string;
  /** The recipe text to run (an editor's buffer may differ from the file). */
  text: string;
  entry: string;
  limit?: number;
  defaultConcurrency?: number;
  /** Binding → key; handed to the child only in its environment. */
  apiKeys: Record<string, string>;
  /** The environment the child starts with (the server's, without its session key). */
  env: NodeJS.ProcessEnv;
}

export interface SupervisedRun {
  /** The child's result event; rejects when the child ends without one. */
  result: Promise<RunResult>;
  /** Asks the child to stop; escalates to SIGTERM and SIGKILL when it does not. */
  cancel(): void;
  /** The child's process id, for tests and logs. */
  pid: number | undefined;
}

export interface SupervisorTimings {
  /** Milliseconds between the cancel line and SIGTERM. */
  cancelGraceMs: number;
  /** Milliseconds between SIGTERM and SIGKILL. */
  termGraceMs: number;
}

/** Most stderr bytes kept for the message of a run that failed; the rest goes only to the log. */
const STDERR_TAIL = 4000;

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

export class RunSupervisor {
  private readonly children = new Set<Child>();

  constructor(
    private readonly cliScript: string,
    private readonly log: (message: string) => void,
    private readonly timings: SupervisorTimings = { cancelGraceMs: 3000, termGraceMs: 2000 },
  ) {}

  /** How many runs are going. */
  get active(): number {
    return this.children.size;
  }

  start(run: RunStart, onProgress: (p: RunProgressEvent) => void, scrub: (text: string) => string): SupervisedRun {
    const args = [this.cliScript, run.kind === 'evaluate' ? 'eval' : 'synth', run.file, '--entry', run.entry, '--events', '--recipe-on-stdin'];
    if (run.limit !== undefined) args.push('--limit', String(run.limit));
    if (run.defaultConcurrency !== undefined) args.push('--default-concurrency', String(run.defaultConcurrency));
    const env: NodeJS.ProcessEnv = { ...run.env, [RUN_KEYS_ENV]: JSON.stringify(run.apiKeys) };
    // A child of the language server is never a terminal, so the CLI draws no progress bar into the pipes.
    const child: Child = spawn(process.execPath, args, { cwd: path.dirname(run.file), env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.children.add(child);
    // A child that already exited makes a write fail with EPIPE; the exit handler reports the run's end.
    child.stdin.on('error', () => undefined);
    child.stdin.write(encodeLine({ type: 'recipe', text: run.text }));

    let stderrTail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL);
    });

    let result: RunResult | undefined;
    let failure: string | undefined;
    const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      const event = parseRunEvent(line);
      if (!event) return;
      if (event.type === 'progress') onProgress(event);
      else if (event.type === 'result') result = event.result;
      else failure = event.message;
    });

    const timers: NodeJS.Timeout[] = [];
    let cancelled = false;
    const finished = new Promise<RunResult>((resolve, reject) => {
      let settled = false;
      const end = (why: string | undefined) => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        this.children.delete(child);
        const errors = scrub(stderrTail.trim());
        if (errors) this.log(`passk: ${run.kind} "${run.entry}" (process ${child.pid}): ${errors}`);
        if (result) resolve({ ...result, problems: result.problems.map(scrub) });
        else reject(new Error(scrub(failure ?? `The run process ended (${why ?? 'no reason given'}) without a result${cancelled ? ' after it was cancelled' : ''}.${errors ? ` Its last words: ${errors.split('\n').slice(-3).join(' ')}` : ''}`)));
      };
      child.on('error', (e) => end(`it could not start: ${e.message}`));
      // 'close' waits for stdout to drain, so the result line has been read when it fires.
      child.on('close', (code, signal) => end(signal ? `signal ${signal}` : `exit code ${code}`));
    });

    const cancel = () => {
      if (cancelled || !this.children.has(child)) return;
      cancelled = true;
      child.stdin.write(encodeLine({ type: 'cancel' }));
      timers.push(
        setTimeout(() => {
          child.kill('SIGTERM');
          timers.push(setTimeout(() => child.kill('SIGKILL'), this.timings.termGraceMs));
        }, this.timings.cancelGraceMs),
      );
    };
    return { result: finished, cancel, pid: child.pid };
  }

  /** Stops every run (shutdown): a cancel line, then SIGTERM, then SIGKILL; resolves when all have exited. */
  async stopAll(): Promise<void> {
    const exits = [...this.children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.stdin.end(encodeLine({ type: 'cancel' }));
          const term = setTimeout(() => child.kill('SIGTERM'), this.timings.cancelGraceMs);
          const kill = setTimeout(() => child.kill('SIGKILL'), this.timings.cancelGraceMs + this.timings.termGraceMs);
          child.once('close', () => {
            clearTimeout(term);
            clearTimeout(kill);
          });
        }),
    );
    await Promise.all(exits);
  }
}
