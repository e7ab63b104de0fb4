// Help texts, generated from the command table and each command's declarative spec (args.ts), so that the
// usage line, `--help` and the flags the parser accepts can never disagree.
import { optionsHelp, usageLine } from './args';
import { commands } from './commands';
import type { CommandSpec } from './io';

const EXIT_CODES = `Exit codes:
  0    success (for eval: the run is complete and every \`expect\` is met)
  1    the command failed (check found errors, a model rejected the requests, nothing readable)
  2    usage error, or a recipe that cannot be read or has errors
  3    the run is incomplete: samples still missing after retries (--allow-incomplete: 0 instead)
  4    the run is complete but an \`expect\` threshold was not met
  130  interrupted by SIGINT or SIGTERM (what was stored is kept; a rerun resumes)
`;

export function commandUsage(cmd: CommandSpec): string {
  return usageLine(cmd.name, cmd.flags, cmd.positionals);
}

/** `passk CMD --help`; `short` is the reminder printed after a usage error (usage line and options only). */
export function commandHelp(cmd: CommandSpec, short = false): string {
  const usage = `usage: ${commandUsage(cmd)}\n`;
  const options = `\nOptions:\n${optionsHelp(cmd.flags)}`;
  if (short) return usage + `Run "passk ${cmd.name} --help" for details.\n`;
  return `passk ${cmd.name} — ${cmd.summary}\n\n${usage}${options}${cmd.details ? `\n${cmd.details.trimEnd()}\n` : ''}`;
}

export function mainHelp(): string {
  const rows = commands.map((c) => [`${c.name}${c.positionals.usage ? ` ${c.positionals.usage}` : ''}`, c.summary] as const);
  const width = Math.max(...rows.map(([u]) => u.length));
  return (
    'passk — math dataset recipes: check, preview, evaluate, synthesize, score\n\n' +
    'usage: passk <command> [options]\n\nCommands:\n' +
    rows.map(([u, s]) => `  ${u.padEnd(width)}  ${s}\n`).join('') +
    '\nRun "passk help <command>" or "passk <command> --help" for its options. A file argument may be "-" for standard input.\n\n' +
    EXIT_CODES
  );
}
