// The CLI's only door to the outside world. Commands write through this object instead of touching
// process.stdout directly, so tests can run a command in-process and read what it printed.
import type { FlagSpec, ParsedArgs, PositionalSpec } from './args';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr, where progress goes, is an interactive terminal: progress is drawn only then. */
  isTTY: boolean;
  /** True when colour may be used: the output is a terminal and NO_COLOR is not set (see README, "The CLI"). */
  color?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM so long commands can stop cleanly and keep what they wrote. */
  signal: AbortSignal;
  /** Standard input as text, for `-` in place of a file name; tests may supply their own. */
  readStdin?(): string;
  /** Standard input line by line as it arrives (control lines of `--events`); close() stops reading. */
  stdinLines?(onLine: (line: string) => void, onEnd: () => void): { close(): void };
}

/**
 * The exit codes every command keeps (README, "Exit codes"): scripts can tell a usage mistake from an
 * incomplete run from a model that missed its `expect` thresholds without parsing messages.
 */
export const EXIT = {
  ok: 0,
  /** The command ran and failed: errors found by `check`, a rejected request, unreadable data. */
  failed: 1,
  /** Bad flags or arguments, or a recipe that cannot be read or has errors. */
  usage: 2,
  /** Samples are still missing after retries (rerun to request them, or pass --allow-incomplete). */
  incomplete: 3,
  /** The run is complete but at least one `expect` threshold was not met. */
  expectFailed: 4,
  /** Stopped by SIGINT or SIGTERM; what was stored is kept and a rerun resumes. */
  interrupted: 130,
} as const;

export interface CommandSpec {
  name: string;
  summary: string;
  positionals: PositionalSpec;
  flags: Record<string, FlagSpec>;
  /** Paragraphs printed after the options in `--help`. */
  details?: string;
  /** Runs with arguments already parsed and validated against `flags` and `positionals`. */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}
