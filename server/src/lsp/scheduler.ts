// Debounces analysis per document. Each edit restarts the document's timer; when it fires, the analysis runs
// only if the version it was scheduled for is still the latest, so a burst of 200 keystrokes yields one
// analysis and one diagnostics set for the last version. Timers run on the event loop, so requests such as
// hover and completion are answered between analyses instead of queuing behind them.

export type Job = (uri: string, version: number) => void;

export class DiagnosticScheduler {
  private readonly timers = new Map<string, () => void>();
  private readonly latest = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly job: Job,
  ) {}

  /** Schedules an analysis of `uri` at `version`, replacing any pending one for an older version. */
  schedule(uri: string, version: number): void {
    this.latest.set(uri, version);
    this.timers.get(uri)?.();
    const fire = () => {
      this.timers.delete(uri);
      // A newer edit may have arrived while this timer waited behind other work; then the newer one wins.
      if (this.latest.get(uri) !== version) return;
      this.job(uri, version);
    };
    // With no delay, setImmediate still lets queued messages (the next didChange) in before analysis starts.
    if (this.delayMs > 0) {
      const t = setTimeout(fire, this.delayMs);
      this.timers.set(uri, () => clearTimeout(t));
    } else {
      const t = setImmediate(fire);
      this.timers.set(uri, () => clearImmediate(t));
    }
  }

  /** True while `version` is still the newest one scheduled for `uri` (long analyses check it before publishing). */
  isCurrent(uri: string, version: number): boolean {
    return this.latest.get(uri) === version;
  }

  cancel(uri: string): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
    this.latest.delete(uri);
  }
}
