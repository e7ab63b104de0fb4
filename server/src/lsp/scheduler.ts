// Schedules analysis per document: at once when the document was idle, debounced while it is being typed in.
// An edit that comes after a pause of at least the delay is analysed on the next turn of the event loop, so
// the first keystroke after a pause (or the didOpen) publishes without waiting. An edit within the delay of
// the previous one restarts the document's timer instead; when it fires, the analysis runs only if the version
// it was scheduled for is still the latest, so a burst of 200 keystrokes yields at most one analysis for its
// first version and one for its last. Timers run on the event loop, so requests such as hover and completion
// are answered between analyses instead of queuing behind them.

export type Job = (uri: string, version: number) => void;

export class DiagnosticScheduler {
  private readonly timers = new Map<string, () => void>();
  /** The pending analysis of each document, to run it at once (see flush). */
  private readonly fires = new Map<string, () => void>();
  private readonly latest = new Map<string, number>();
  /** When each document was last scheduled, to tell a pause from typing. */
  private readonly lastEdit = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly job: Job,
  ) {}

  /** Schedules an analysis of `uri` at `version`, replacing any pending one for an older version. */
  schedule(uri: string, version: number): void {
    // The same version asked for again while its analysis is pending (the document manager announces an opened
    // document both as opened and as changed) keeps its place: counted as typing, it would wait out the debounce.
    if (this.latest.get(uri) === version && this.timers.has(uri)) return;
    const now = performance.now();
    const previous = this.lastEdit.get(uri);
    this.lastEdit.set(uri, now);
    const typing = previous !== undefined && now - previous < this.delayMs;
    this.latest.set(uri, version);
    this.timers.get(uri)?.();
    const fire = () => {
      this.timers.get(uri)?.();
      this.timers.delete(uri);
      this.fires.delete(uri);
      // A newer edit may have arrived while this timer waited behind other work; then the newer one wins.
      if (this.latest.get(uri) !== version) return;
      this.job(uri, version);
    };
    // setImmediate still lets messages already queued (the next didChange) in before the analysis starts.
    if (typing) {
      const t = setTimeout(fire, this.delayMs);
      this.timers.set(uri, () => clearTimeout(t));
    } else {
      const t = setImmediate(fire);
      this.timers.set(uri, () => clearImmediate(t));
    }
    this.fires.set(uri, fire);
  }

  /**
   * Runs the pending analysis of `uri` now instead of when its timer fires: a request that needs the current
   * version (hover, CodeLens…) should not wait out the typing debounce for it.
   */
  flush(uri: string): void {
    const fire = this.fires.get(uri);
    if (fire) fire();
  }

  /** True while `version` is still the newest one scheduled for `uri` (long analyses check it before publishing). */
  isCurrent(uri: string, version: number): boolean {
    return this.latest.get(uri) === version;
  }

  cancel(uri: string): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
    this.fires.delete(uri);
    this.latest.delete(uri);
    this.lastEdit.delete(uri);
  }
}
