// Runs one model's requests: at most `concurrency` in flight, within rpm/tpm budgets, each attempt under a
// timeout, retried with exponential backoff and jitter (or exactly what Retry-After asked) when the failure is
// transient, and all of it stopped at once when the run's AbortSignal fires (in-flight requests included).
import { RateLimiter, sleep } from './rate-limiter';
import { SamplingError } from './sampling-error';

export interface SchedulerOptions {
  concurrency: number;
  rpm?: number;
  tpm?: number;
  /** Retries after the first attempt of one task. */
  maxRetries: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** First backoff delay; doubles each retry up to maxDelayMs (defaults 500 ms and 60 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected for deterministic tests of the backoff; Math.random otherwise. */
  random?: () => number;
  onRetry?: (error: SamplingError, attempt: number, delayMs: number) => void;
  /** Turns whatever an attempt threw into a SamplingError (kind decides retry or stop). */
  classify: (e: unknown, outerAborted: boolean) => SamplingError;
}

/** One attempt gets a signal that fires on timeout or cancel; it reports tokens used to settle the tpm budget. */
export type Attempt<T> = (signal: AbortSignal) => Promise<{ value: T; tokens?: number }>;

export class Scheduler {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly rpm?: RateLimiter;
  private readonly tpm?: RateLimiter;
  /** Attempts that were retried, for progress reports. */
  retries = 0;

  constructor(private readonly opts: SchedulerOptions) {
    if (opts.rpm) this.rpm = new RateLimiter(opts.rpm);
    if (opts.tpm) this.tpm = new RateLimiter(opts.tpm);
  }

  get inFlight(): number {
    return this.active;
  }

  private async acquireSlot(): Promise<void> {
    const signal = this.opts.signal;
    if (signal?.aborted) throw new SamplingError('The run was cancelled.', 'aborted');
    if (this.active < Math.max(1, this.opts.concurrency)) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new SamplingError('The run was cancelled.', 'aborted'));
      };
      this.waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaseSlot(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) next();
  }

  private backoff(attempt: number, err: SamplingError): number {
    const random = this.opts.random ?? Math.random;
    if (err.retryAfterMs !== undefined) return err.retryAfterMs * (1 + 0.1 * random());
    const base = this.opts.baseDelayMs ?? 500;
    const cap = this.opts.maxDelayMs ?? 60_000;
    const exp = Math.min(cap, base * 2 ** attempt);
    return exp / 2 + (exp / 2) * random(); // "equal jitter": never less than half the exponential step
  }

  /** Runs `attempt` until it succeeds, fails fatally, runs out of retries or the run is cancelled. */
  async run<T>(attempt: Attempt<T>, estimatedTokens = 0): Promise<T> {
    const outer = this.opts.signal;
    for (let tries = 0; ; tries++) {
      await this.acquireSlot();
      let err: SamplingError;
      try {
        try {
          await this.rpm?.acquire(1, outer);
          await this.tpm?.acquire(estimatedTokens, outer);
        } catch {
          throw new SamplingError('The run was cancelled.', 'aborted');
        }
        const timeout = AbortSignal.timeout(this.opts.timeoutMs);
        const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
        try {
          const { value, tokens } = await attempt(signal);
          if (tokens !== undefined) this.tpm?.adjust(tokens - estimatedTokens);
          return value;
        } catch (e) {
          err = this.opts.classify(e, Boolean(outer?.aborted));
        }
      } finally {
        this.releaseSlot();
      }
      if (err.kind !== 'retryable' || tries >= this.opts.maxRetries) throw err;
      const delay = this.backoff(tries, err);
      this.retries++;
      this.opts.onRetry?.(err, tries + 1, delay);
      try {
        await sleep(delay, outer);
      } catch {
        throw new SamplingError('The run was cancelled.', 'aborted');
      }
    }
  }
}
