// Entry point of dist/cli.js. It wires process streams and signals into a CliIO and dispatches to the command
// table; every failure that escapes a command becomes a one-line message and exit code 2, never a stack dump.
import { ArgError } from './args';
import { commands } from './commands';
import type { CliIO } from './io';

function help(io: CliIO): void {
  io.out('passk — math dataset recipes: check, preview, evaluate, synthesize, score\n\nUsage:\n');
  for (const c of commands) if (!c.hidden) io.out(`  ${c.usage.padEnd(58)} ${c.summary}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const io: CliIO = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
  };
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out('passk 0.1.0\n');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`passk: unknown command "${name}"\n`);
    help(io);
    return 2;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof ArgError) io.err(`passk ${name}: ${e.message}\nusage: ${cmd.usage}\n`);
    else io.err(`passk ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`passk: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
