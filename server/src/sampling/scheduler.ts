// Runs one model's requests: at most `concurrency` in flight, within rpm/tpm budgets, each attempt under a
// timeout, retried with exponential backoff and jitter when the failure is transient, and all of it stopped at
// once when the run's AbortSignal fires (in-flight requests included). Which replica takes each attempt, and
// whether any may, is ReplicaHealth's call: a rate limit pauses the replica that sent it (with one replica, the
// whole queue), and a replica that keeps failing is set aside (docs/models.md, "Rate limits and failing
// replicas"); the scheduler only reports every outcome to it.
import { RateLimiter, sleep } from './rate-limiter';
import { ReplicaHealth, type FailureVerdict } from './replica-health';
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
  /** Told every retry; `delayMs` is the task's own backoff, or the pause of a rate-limited replica. */
  onRetry?: (error: SamplingError, attempt: number, delayMs: number) => void;
  /** The model's replicas (its baseUrls); attempt i is told which one to use (default 1). */
  replicas?: number;
  /** First cool-down of a replica set aside (default twice baseDelayMs; doubles per failed probe up to maxDelayMs). */
  replicaCooldownMs?: number;
  /** Consecutive failures that set a replica aside (default 5). */
  replicaFailures?: number;
  /** Turns whatever an attempt threw into a SamplingError (kind decides retry or stop). */
  classify: (e: unknown, outerAborted: boolean) => SamplingError;
}

/**
 * One attempt gets a signal that fires on timeout or cancel and the index of the replica to send it to; it
 * reports tokens used to settle the tpm budget.
 */
export type Attempt<T> = (signal: AbortSignal, replica: number) => Promise<{ value: T; tokens?: number }>;

export class Scheduler {
  private active = 0;
  /** Queued tasks; a cancel rejects them all through one listener rather than one listener each (see below). */
  private waiting: { wake: () => void; cancel: () => void }[] = [];
  /** Index of the next waiter; the queue is an array with a moving head, so dequeuing is O(1). */
  private head = 0;
  private readonly rpm?: RateLimiter;
  private readonly tpm?: RateLimiter;
  /** Pauses, set-aside replicas and the replica of each attempt. */
  readonly health: ReplicaHealth;
  /** Attempts that were retried, for progress reports. */
  retries = 0;

  constructor(private readonly opts: SchedulerOptions) {
    if (opts.rpm) this.rpm = new RateLimiter(opts.rpm);
    if (opts.tpm) this.tpm = new RateLimiter(opts.tpm);
    this.health = new ReplicaHealth({
      replicas: opts.replicas ?? 1,
      // A model whose every replica is set aside gets as many probes as one request gets retries.
      downAfterProbes: opts.maxRetries,
      cooldownMs: opts.replicaCooldownMs ?? 2 * (opts.baseDelayMs ?? 500),
      ...(opts.maxDelayMs !== undefined ? { cooldownMaxMs: opts.maxDelayMs, rateMaxMs: opts.maxDelayMs } : {}),
      ...(opts.replicaFailures !== undefined ? { failuresToSetAside: opts.replicaFailures } : {}),
      ...(opts.baseDelayMs !== undefined ? { rateBaseMs: opts.baseDelayMs } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    });
    // EventTarget scans its listeners on every add and remove, so thousands of queued tasks each listening
    // for cancel would make queueing quadratic; one listener for the whole queue keeps it linear.
    opts.signal?.addEventListener('abort', () => {
      const queued = this.waiting.slice(this.head);
      this.waiting = [];
      this.head = 0;
      for (const w of queued) w.cancel();
    }, { once: true });
  }

  get inFlight(): number {
    return this.active;
  }

  private async acquireSlot(): Promise<void> {
    if (this.opts.signal?.aborted) throw new SamplingError('The run was cancelled.', 'aborted');
    if (this.active < Math.max(1, this.opts.concurrency)) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      this.waiting.push({
        wake: () => {
          this.active++;
          resolve();
        },
        cancel: () => reject(new SamplingError('The run was cancelled.', 'aborted')),
      });
    });
  }

  private releaseSlot(): void {
    this.active--;
    if (this.head >= this.waiting.length) return;
    const next = this.waiting[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    next.wake();
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
      let verdict: FailureVerdict;
      try {
        try {
          await this.rpm?.acquire(1, outer);
          await this.tpm?.acquire(estimatedTokens, outer);
        } catch {
          throw new SamplingError('The run was cancelled.', 'aborted');
        }
        // The replica is chosen last, right before the request leaves, so none starts during a pause. When the
        // model counts as down, the wait ends with the last error, and that request is not retried.
        const ticket = this.health.tryAcquire() ?? (await this.health.acquire(outer));
        // One controller per attempt, fired by the timeout or by the run's signal. A plain controller and timer
        // cost far less per request than AbortSignal.timeout + AbortSignal.any at thousands of requests/s.
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(new Error('timeout')), this.opts.timeoutMs);
        const onAbort = () => ac.abort(outer?.reason);
        outer?.addEventListener('abort', onAbort, { once: true });
        try {
          const { value, tokens } = await attempt(ac.signal, ticket.replica);
          this.health.succeeded(ticket);
          if (tokens !== undefined) this.tpm?.adjust(tokens - estimatedTokens);
          return value;
        } catch (e) {
          err = this.opts.classify(e, Boolean(outer?.aborted));
          verdict = this.health.failed(ticket, err);
        } finally {
          clearTimeout(timer);
          outer?.removeEventListener('abort', onAbort);
        }
      } finally {
        this.releaseSlot();
      }
      if (err.kind !== 'retryable' || tries >= this.opts.maxRetries) throw err;
      // A rate-limited replica holds its queue at the gate above, and a replica just set aside sends the retry to
      // another one (or to the wait for its cool-down) at once; only other failures back off on their own.
      const delay = verdict.pausedMs !== undefined || verdict.setAside ? 0 : this.backoff(tries, err);
      this.retries++;
      this.opts.onRetry?.(err, tries + 1, verdict.pausedMs ?? delay);
      if (delay <= 0) continue;
      try {
        await sleep(delay, outer);
      } catch {
        throw new SamplingError('The run was cancelled.', 'aborted');
      }
    }
  }
}
