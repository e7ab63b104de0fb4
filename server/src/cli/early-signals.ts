// The CLI's signal handling, installed by the first module the bundle evaluates: a SIGTERM that arrives while
// the rest of the CLI is still loading must not kill the process with the default disposition (no cleanup, no
// exit code of ours). A signal before the command starts aborts its signal, and the command returns at once.
//
// SIGINT and SIGTERM abort the command's signal, so it stops requesting, keeps what it stored and prints what it
// has. A second signal exits at once, and so does a command still running STOP_GRACE_MS later: every write
// passk makes is synchronous, so an exit between two event-loop turns cannot tear a file.

/** Milliseconds a command gets to stop by itself after SIGINT/SIGTERM before the process exits anyway. */
export const STOP_GRACE_MS = 900;

/** The exit code of an interrupted command (README, "Exit codes"). */
const INTERRUPTED = 130;

export const cliAbort = new AbortController();

if (typeof require !== 'undefined' && require.main === module) installSignals();

export function installSignals(): void {
  let count = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    count++;
    if (count > 1) process.exit(INTERRUPTED);
    cliAbort.abort(new Error(`stopped by ${sig}`));
    setTimeout(() => {
      process.stderr.write(`passk: still stopping ${STOP_GRACE_MS} ms after ${sig}; exiting now (everything stored so far is kept)\n`);
      process.exit(INTERRUPTED);
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
