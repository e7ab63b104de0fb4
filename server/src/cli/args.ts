// The declarative side of the CLI: each command states its positionals and flags once (type, short form,
// placeholder, help text, allowed values), and from that one spec come the parser's validation, the usage
// line and `--help`. Parsing sits on node:util's parseArgs (tokens mode) so that short flags, `-jn 4`,
// `--flag=value` and `--` behave as in other Unix tools; the checks on top turn every mistake into one clear
// sentence, because a typo in a flag must never silently change a run.
import { parseArgs as nodeParseArgs } from 'node:util';
import { didYouMean } from '../text/did-you-mean';

export type FlagType = 'boolean' | 'string' | 'number' | 'integer';

export interface FlagSpec {
  type: FlagType;
  /** One-letter form, e.g. `n` for `-n`. */
  short?: string;
  /** Placeholder for the value in help, e.g. `NAME`. */
  value?: string;
  help: string;
  /** The flag may be given several times; its value is then a list. */
  multiple?: boolean;
  /** Allowed values of a string flag. */
  choices?: readonly string[];
  /** Smallest allowed value of a number or integer flag. */
  min?: number;
  max?: number;
}

export interface PositionalSpec {
  /** How the positionals read in the usage line, e.g. `<recipe...>`. */
  usage: string;
  min: number;
  /** Undefined means no upper bound. */
  max?: number;
  /** What to say when fewer than `min` are given, e.g. "name at least one recipe file". */
  missing?: string;
}

export type FlagValue = string | number | boolean | string[] | number[] | undefined;

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, FlagValue>;
}

export class ArgError extends Error {}

/** The flag every command accepts; it is handled before the command runs. */
export const HELP_FLAG: FlagSpec = { type: 'boolean', short: 'h', help: 'show this help and exit' };

function describe(name: string, spec: FlagSpec): string {
  return `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'boolean' ? '' : ` ${spec.value ?? (spec.type === 'string' ? 'VALUE' : 'N')}`}`;
}

function convert(name: string, spec: FlagSpec, raw: string): string | number {
  const shown = `--${name}`;
  if (spec.type === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) throw new ArgError(`${shown} must be ${spec.choices.join(', ')}; got "${raw}"`);
    return raw;
  }
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(n)) throw new ArgError(`${shown} expects a number, got "${raw}"`);
  if (spec.type === 'integer' && !Number.isInteger(n)) throw new ArgError(`${shown} expects a whole number, got "${raw}"`);
  if (spec.min !== undefined && n < spec.min) throw new ArgError(`${shown} must be at least ${spec.min}, got ${raw}`);
  if (spec.max !== undefined && n > spec.max) throw new ArgError(`${shown} must be at most ${spec.max}, got ${raw}`);
  return n;
}

/**
 * Parses argv against a command's flags and positionals. Throws ArgError with a one-line message on an unknown
 * flag (with a "did you mean"), a missing or malformed value, a value outside `choices`/`min`/`max`, or a wrong
 * number of positionals. A lone `-` is a positional (it means standard input where a file is read).
 */
export function parseArgs(argv: readonly string[], flags: Record<string, FlagSpec>, positionals?: PositionalSpec): ParsedArgs {
  const all: Record<string, FlagSpec> = { help: HELP_FLAG, ...flags };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(all)) {
    options[name] = { type: spec.type === 'boolean' ? 'boolean' : 'string', ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let tokens: ReturnType<typeof nodeParseArgs>['tokens'];
  try {
    // Non-strict tokens mode: node reports what it saw and the checks below word the errors.
    tokens = nodeParseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true }).tokens;
  } catch (e) {
    throw new ArgError(e instanceof Error ? e.message : String(e));
  }
  const out: ParsedArgs = { positionals: [], flags: {} };
  for (const t of tokens ?? []) {
    if (t.kind === 'positional') {
      out.positionals.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    const spec = all[t.name];
    if (!spec) {
      const guess = t.rawName.startsWith('--') ? didYouMean(t.name, Object.keys(all)) : undefined;
      throw new ArgError(`unknown option ${t.rawName}${guess ? ` (did you mean --${guess}?)` : ''}`);
    }
    if (spec.type === 'boolean') {
      if (t.value !== undefined) throw new ArgError(`--${t.name} takes no value`);
      out.flags[t.name] = true;
      continue;
    }
    // node hands the next argument over even when it is another flag; `--limit --json` is a missing value.
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) throw new ArgError(`--${t.name} needs a value (${describe(t.name, spec).trim()})`);
    const v = convert(t.name, spec, t.value);
    if (spec.multiple) {
      const list = (out.flags[t.name] as (string | number)[] | undefined) ?? [];
      list.push(v);
      out.flags[t.name] = list as string[] | number[];
    } else out.flags[t.name] = v;
  }
  if (out.flags.help) return out;
  if (positionals) {
    const n = out.positionals.length;
    if (n < positionals.min && positionals.missing) throw new ArgError(positionals.missing);
    if (n < positionals.min) throw new ArgError(positionals.min === 1 && positionals.max === 1 ? `expected ${positionals.usage}` : `expected ${positionals.usage}, got ${n} argument${n === 1 ? '' : 's'}`);
    if (positionals.max !== undefined && n > positionals.max) {
      throw new ArgError(positionals.max === 0 ? `unexpected argument "${out.positionals[0]}"` : `unexpected argument "${out.positionals[positionals.max]}" (expected ${positionals.usage})`);
    }
  }
  return out;
}

/** The usage line: `passk eval <recipe> [-e NAME] [-n N] [--json]`. */
export function usageLine(name: string, flags: Record<string, FlagSpec>, positionals?: PositionalSpec): string {
  const parts = [`passk ${name}`];
  if (positionals?.usage) parts.push(positionals.usage);
  for (const [flag, spec] of Object.entries(flags)) {
    const key = spec.short ? `-${spec.short}` : `--${flag}`;
    const value = spec.type === 'boolean' ? '' : ` ${spec.value ?? (spec.type === 'string' ? 'VALUE' : 'N')}`;
    parts.push(`[${key}${value}]${spec.multiple ? '...' : ''}`);
  }
  return parts.join(' ');
}

/** The options table of `--help`: one flag a line, its forms padded to one column, then its help text. */
export function optionsHelp(flags: Record<string, FlagSpec>): string {
  const rows = Object.entries({ ...flags, help: HELP_FLAG }).map(([name, spec]) => {
    const extra = [spec.choices ? `one of ${spec.choices.join(', ')}` : '', spec.multiple ? 'may repeat' : ''].filter(Boolean).join('; ');
    return [describe(name, spec), extra ? `${spec.help} (${extra})` : spec.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}\n`).join('');
}
