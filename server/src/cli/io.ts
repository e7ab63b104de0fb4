// The CLI's only door to the outside world. Commands write through this object instead of touching
// process.stdout directly, so tests can run a command in-process and read what it printed.

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (progress bars, colours). */
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM so long commands can stop cleanly and keep what they wrote. */
  signal: AbortSignal;
}

export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  run: CliCommand;
  hidden?: boolean;
}
