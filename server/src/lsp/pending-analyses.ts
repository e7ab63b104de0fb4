// The versions the analysis worker has been given and not yet answered, with the requests waiting for them.
// A request that needs a document's current analysis (hover, definition, CodeLens…) waits here for the worker's
// result instead of analysing the same text again on the message loop; the wait ends when the worker answers,
// when a newer version replaces this one, or when the document closes, and the caller then looks again.

interface Pending {
  version: number;
  settled: Promise<void>;
  settle: () => void;
}

export class PendingAnalyses {
  private readonly pending = new Map<string, Pending>();

  /** Records that the worker was given `version` of `uri`; anyone waiting on an older version is released. */
  track(uri: string, version: number): void {
    this.settle(uri);
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.pending.set(uri, { version, settled, settle });
  }

  /** Releases the waiters of `uri` (only when `version` is the one tracked, if given). */
  settle(uri: string, version?: number): void {
    const p = this.pending.get(uri);
    if (!p || (version !== undefined && p.version !== version)) return;
    this.pending.delete(uri);
    p.settle();
  }

  /** The version of `uri` the worker was given last and has not answered, if any. */
  versionOf(uri: string): number | undefined {
    return this.pending.get(uri)?.version;
  }

  /** Resolves when the tracked analysis of `uri` is settled (at once when none is tracked). */
  settled(uri: string): Promise<void> {
    return this.pending.get(uri)?.settled ?? Promise.resolve();
  }
}
