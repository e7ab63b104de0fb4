// The one progress printer of the CLI: a single line on stderr, redrawn in place, and only when stderr is a
// terminal, so pipes, CI logs and `--json` on stdout get the result and the messages without progress noise.
// `passk eval` draws its bar through it and `passk synth` its counts; a final newline keeps the last state visible.
import type { CliIO } from './io';

export interface ProgressLine {
  /** Redraws the line; `final` draws even inside the minimum interval, so the last state is never skipped. */
  show(text: string, final?: boolean): void;
  /** Ends the line (a newline) when anything was drawn. */
  done(): void;
}

/** A progress line on `io`'s stderr, redrawn at most once per `minIntervalMs` (0: every update). */
export function progressLine(io: CliIO, minIntervalMs = 0, now: () => number = Date.now): ProgressLine {
  let drew = false;
  let last = 0;
  return {
    show(text, final = false) {
      if (!io.isTTY) return;
      if (drew && !final && now() - last < minIntervalMs) return;
      io.err(`\r${text}\x1b[K`);
      last = now();
      drew = true;
    },
    done() {
      if (drew) io.err('\n');
    },
  };
}
