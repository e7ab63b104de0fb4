// The state of a model's replicas (its `baseUrl`s) as the scheduler sees them, and the choice of the replica for
// the next request (docs/models.md, "Rate limits and failing replicas"):
// - a rate limit (429, or 503 with Retry-After) pauses the replica that sent it until the deadline the server
//   named, or for an exponential backoff with jitter when it named none; requests in flight are left alone;
// - a replica that fails several times in a row (connection refused, 5xx, timeouts) is set aside for a
//   cool-down that doubles with every failed probe, up to a cap; when it ends, exactly one request (the probe)
//   goes to it, and its success puts the replica back in service;
// - the next request goes to a replica whose cool-down just ended (its probe), else to the replica in service
//   with the fewest requests in flight; when none can take it, the request waits for the earliest deadline or
//   for a probe's verdict, and when every replica is set aside and the probes have failed `downAfterProbes`
//   times in a row, the model counts as down and waiting requests fail with the last error instead.
// With one replica, a pause or a cool-down therefore holds the model's whole queue.
import { SamplingError } from './sampling-error';

export interface ReplicaHealthOptions {
  replicas: number;
  /** Consecutive failures that set a replica aside (default 5: rare enough by chance on a flaky but live server). */
  failuresToSetAside?: number;
  /** First cool-down (default 1 s), doubled after each failed probe up to `cooldownMaxMs` (default 60 s). */
  cooldownMs?: number;
  cooldownMaxMs?: number;
  /** Failed probes in a row, with every replica set aside, after which waiting requests fail. */
  downAfterProbes: number;
  /** Backoff of a 429 without Retry-After: first step and cap (defaults 500 ms and 60 s). */
  rateBaseMs?: number;
  rateMaxMs?: number;
  random?: () => number;
  now?: () => number;
}

interface Replica {
  inFlight: number;
  /** Consecutive failures while in service. */
  failures: number;
  /** When set aside: the end of the cool-down; 0 while in service. */
  asideUntil: number;
  /** Cool-downs in a row (the exponent of the next one). */
  level: number;
  probing: boolean;
  /** End of the current rate-limit pause (0 or a past time when none). */
  pausedUntil: number;
  /** Rate limits in a row without a success in between (the exponent of the next backoff). */
  rateStreak: number;
  /** Bumped by every rate limit, so a success of a request sent before it does not end the streak. */
  rateEpoch: number;
}

/** What the scheduler learns from reporting a failure: how long the replica is paused, or whether it was set aside. */
export interface FailureVerdict {
  pausedMs?: number;
  setAside: boolean;
}

/** A ticket for one request on one replica, handed back when the request ends. */
export interface ReplicaTicket {
  replica: number;
  probe: boolean;
  rateEpoch: number;
}

export class ReplicaHealth {
  private readonly replicas: Replica[];
  private readonly now: () => number;
  private failedProbes = 0;
  private lastError: SamplingError | undefined;
  /** Resolved (and replaced) when a probe ends, a rate limit moves a deadline or a replica comes back, so waiting
   * requests look again without polling. */
  private change: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(private readonly opts: ReplicaHealthOptions) {
    this.now = opts.now ?? Date.now;
    this.replicas = Array.from({ length: Math.max(1, opts.replicas) }, () => ({
      inFlight: 0, failures: 0, asideUntil: 0, level: 0, probing: false, pausedUntil: 0, rateStreak: 0, rateEpoch: 0,
    }));
  }

  /** Replicas currently set aside (for progress reports and tests). */
  get setAside(): number {
    return this.replicas.filter((r) => r.asideUntil > 0).length;
  }

  /** A replica that can take a request now, or undefined; synchronous so the common case costs no await. */
  tryAcquire(): ReplicaTicket | undefined {
    const t = this.now();
    let best = -1;
    for (let i = 0; i < this.replicas.length; i++) {
      const r = this.replicas[i]!;
      if (r.pausedUntil > t) continue;
      if (r.asideUntil > 0) {
        // A finished cool-down gets the very next request as its probe, or a recovered replica would never be
        // tried while the others keep up.
        if (!r.probing && r.asideUntil <= t) {
          r.probing = true;
          r.inFlight++;
          return { replica: i, probe: true, rateEpoch: r.rateEpoch };
        }
        continue;
      }
      if (best < 0 || r.inFlight < this.replicas[best]!.inFlight) best = i;
    }
    if (best < 0) return undefined;
    const r = this.replicas[best]!;
    r.inFlight++;
    return { replica: best, probe: false, rateEpoch: r.rateEpoch };
  }

  /** Waits until a replica can take a request; rejects when the model is down or the signal fires. */
  async acquire(signal?: AbortSignal): Promise<ReplicaTicket> {
    for (;;) {
      if (signal?.aborted) throw new SamplingError('The run was cancelled.', 'aborted');
      const ticket = this.tryAcquire();
      if (ticket) return ticket;
      if (this.isDown()) throw this.lastError!;
      await this.waitForChange(this.nextDeadline() - this.now(), signal);
    }
  }

  /** Reports a request that succeeded: its replica is (back) in service. */
  succeeded(ticket: ReplicaTicket): void {
    const r = this.end(ticket);
    r.failures = 0;
    r.level = 0;
    this.failedProbes = 0;
    if (r.rateEpoch === ticket.rateEpoch) r.rateStreak = 0;
    if (r.asideUntil > 0) {
      r.asideUntil = 0;
      this.notify();
    }
  }

  /** Reports a request that failed; `error.kind` and status say whether it was a rate limit or a fault. */
  failed(ticket: ReplicaTicket, error: SamplingError): FailureVerdict {
    const r = this.end(ticket);
    const t = this.now();
    if (error.kind !== 'retryable') {
      // A cancel or a rejected request says nothing about the replica's health; a probe cut short is retried.
      if (ticket.probe) this.notify();
      return { setAside: false };
    }
    this.lastError = error;
    if (error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined)) {
      r.rateEpoch++;
      r.rateStreak++;
      const pause = error.retryAfterMs ?? this.rateBackoff(r.rateStreak - 1);
      r.pausedUntil = Math.max(r.pausedUntil, t + pause);
      // A rate limit means the server is alive: a probe that got one puts the replica back in service.
      if (ticket.probe) {
        r.asideUntil = 0;
        r.level = 0;
      }
      // Waiters recompute their deadline now rather than leave a listener behind on the next change.
      this.notify();
      return { pausedMs: r.pausedUntil - t, setAside: false };
    }
    if (ticket.probe) {
      r.level++;
      r.asideUntil = t + this.cooldown(r.level);
      this.failedProbes++;
      this.notify();
      return { setAside: true };
    }
    // Requests sent before the replica was set aside may still fail; they do not lengthen its cool-down.
    if (r.asideUntil > 0) return { setAside: true };
    if (++r.failures >= (this.opts.failuresToSetAside ?? 5)) {
      r.failures = 0;
      r.asideUntil = t + this.cooldown(r.level);
      return { setAside: true };
    }
    return { setAside: false };
  }

  private end(ticket: ReplicaTicket): Replica {
    const r = this.replicas[ticket.replica]!;
    r.inFlight--;
    if (ticket.probe) r.probing = false;
    return r;
  }

  private cooldown(level: number): number {
    return Math.min(this.opts.cooldownMaxMs ?? 60_000, (this.opts.cooldownMs ?? 1000) * 2 ** level);
  }

  private rateBackoff(step: number): number {
    const exp = Math.min(this.opts.rateMaxMs ?? 60_000, (this.opts.rateBaseMs ?? 500) * 2 ** step);
    return exp / 2 + (exp / 2) * (this.opts.random ?? Math.random)(); // "equal jitter", as the scheduler's retries
  }

  private isDown(): boolean {
    return this.failedProbes >= this.opts.downAfterProbes && this.lastError !== undefined && this.replicas.every((r) => r.asideUntil > 0);
  }

  /** The earliest time a replica may take a request again; Infinity when only a probe's verdict can tell. */
  private nextDeadline(): number {
    let next = Infinity;
    for (const r of this.replicas) {
      if (r.asideUntil > 0 && r.probing) continue;
      next = Math.min(next, Math.max(r.pausedUntil, r.asideUntil));
    }
    return next;
  }

  private notify(): void {
    const c = this.change;
    this.change = undefined;
    c?.resolve();
  }

  private waitForChange(ms: number, signal?: AbortSignal): Promise<void> {
    if (!this.change) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.change = { promise, resolve };
    }
    const change = this.change.promise;
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        reject(new SamplingError('The run was cancelled.', 'aborted'));
      };
      // A waiter wakes at the deadline it computed, or earlier when a probe ends; one extra millisecond keeps a
      // timer that fires a hair early from finding the pause still running and spinning.
      const timer = Number.isFinite(ms) ? setTimeout(() => { done(); resolve(); }, Math.max(0, ms) + 1) : undefined;
      signal?.addEventListener('abort', onAbort, { once: true });
      void change.then(() => { done(); resolve(); });
    });
  }
}
