// Entry point of dist/cli.js. It wires process streams and signals into a CliIO and dispatches to the command
// table; every failure that escapes a command becomes a one-line message and exit code 2, never a stack dump.
// The exit codes are those of io.ts (EXIT) and README's "Exit codes".
// early-signals comes first so that its handlers are installed before the rest of the bundle is evaluated.
import { cliAbort } from './early-signals';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { ArgError, parseArgs } from './args';
import { findCommand } from './commands';
import { commandHelp, mainHelp } from './help';
import { EXIT, type CliIO } from './io';

/** Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org) or TERM is dumb. */
export function colorAllowed(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    io.err(mainHelp());
    return EXIT.usage;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0];
    if (topic === undefined) {
      io.out(mainHelp());
      return EXIT.ok;
    }
    const cmd = findCommand(topic);
    if (!cmd) {
      io.err(`passk help: unknown command "${topic}"\n\n${mainHelp()}`);
      return EXIT.usage;
    }
    io.out(commandHelp(cmd));
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.out('passk 0.1.0\n');
    return EXIT.ok;
  }
  const cmd = findCommand(name);
  if (!cmd) {
    io.err(`passk: unknown command "${name}"\n\n${mainHelp()}`);
    return EXIT.usage;
  }
  try {
    const args = parseArgs(rest, cmd.flags, cmd.positionals);
    if (args.flags.help) {
      io.out(commandHelp(cmd));
      return EXIT.ok;
    }
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof ArgError) io.err(`passk ${name}: ${e.message}\n${commandHelp(cmd, true)}`);
    else io.err(`passk ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.usage;
  }
}

/** The process-bound CliIO: EPIPE-safe streams, the terminal checks, and an AbortSignal fired by signals. */
function processIO(controller: AbortController): CliIO {
  // A reader that went away (`passk grade … | head -3`) is not an error: stop quietly, as Unix tools do.
  let stdoutClosed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stdoutClosed = true;
    controller.abort();
    process.exit(EXIT.ok);
  });
  process.stderr.on('error', () => undefined);
  const stderrTTY = Boolean(process.stderr.isTTY);
  return {
    out: (t) => {
      if (!stdoutClosed) process.stdout.write(t);
    },
    err: (t) => void process.stderr.write(t),
    isTTY: stderrTTY,
    color: colorAllowed(process.env, Boolean(process.stdout.isTTY)),
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
    readStdin: () => fs.readFileSync(0, 'utf8'),
    stdinLines: (onLine, onEnd) => {
      const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
      let closedByUs = false;
      rl.on('line', onLine);
      rl.on('close', () => {
        if (!closedByUs) onEnd();
      });
      return {
        close: () => {
          closedByUs = true;
          rl.close();
          process.stdin.destroy();
        },
      };
    },
  };
}

if (require.main === module) {
  main(process.argv.slice(2), processIO(cliAbort)).then(
    (code) => {
      process.exitCode = code;
      // Interrupted: idle keep-alive sockets and server handles must not hold the process past its promise.
      if (cliAbort.signal.aborted) process.exit(code);
    },
    (e) => {
      process.stderr.write(`passk: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}
