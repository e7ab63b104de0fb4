// A token bucket for requests-per-minute or tokens-per-minute limits. The bucket holds one second's worth of
// budget, so a run starts promptly but never bursts far above the configured rate; a request larger than the
// bucket may still go when the bucket is full (it then runs the bucket into debt), so nothing waits forever.

export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly perMs: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(perMinute: number, private readonly now: () => number = Date.now) {
    this.perMs = perMinute / 60_000;
    this.capacity = Math.max(1, perMinute / 60);
    this.tokens = this.capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.perMs);
    this.last = t;
  }

  /** Waits until `amount` (capped at the bucket size) is available, then takes it. FIFO across callers. */
  acquire(amount: number, signal?: AbortSignal): Promise<void> {
    const turn = this.chain.then(async () => {
      const need = Math.min(amount, this.capacity);
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        this.refill();
        if (this.tokens >= need) break;
        await sleep(Math.ceil((need - this.tokens) / this.perMs), signal);
      }
      this.tokens -= amount;
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  /** Corrects an estimate once the true amount is known (e.g. usage.total_tokens of a response). */
  adjust(delta: number): void {
    this.tokens = Math.min(this.capacity, this.tokens - delta);
  }
}

/** setTimeout as a promise that rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
