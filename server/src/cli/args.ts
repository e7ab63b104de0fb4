// A small, strict argument parser: unknown flags are errors (a typo must not silently change a run), and every
// flag is declared with its type so `--limit abc` is rejected with a clear message.

export type FlagType = 'boolean' | 'string' | 'number';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | number | boolean | undefined>;
}

export class ArgError extends Error {}

export function parseArgs(argv: string[], spec: Record<string, FlagType>): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs['flags'] = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    const type = spec[name];
    if (!type) throw new ArgError(`unknown option --${name}`);
    if (type === 'boolean') {
      if (eq !== -1) throw new ArgError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const raw = eq !== -1 ? a.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new ArgError(`--${name} needs a value`);
    if (type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new ArgError(`--${name} expects a number, got "${raw}"`);
      flags[name] = n;
    } else flags[name] = raw;
  }
  return { positionals, flags };
}
