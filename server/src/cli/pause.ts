// Long synchronous phases (grading a big samples file, summarising thousands of problems) must not keep the
// event loop from seeing SIGINT/SIGTERM: a signal handler only runs between turns. A pause function is
// awaited inside such loops; it yields a turn once every few milliseconds (cheap otherwise) and throws
// Interrupted once the command's signal has fired, so the command can stop and exit 130 well within a second.

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** Milliseconds of work between two yields; small against the one-second stop promise of README's "Signals". */
const SLICE_MS = 20;

export function makePause(signal: AbortSignal): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = Date.now();
    }
    if (signal.aborted) throw new Interrupted();
  };
}
