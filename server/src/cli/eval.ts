// `passk eval <recipe> [--entry NAME] [--limit N] [--json]` (DESIGN §5): runs an evaluation with the shared
// engine. Progress goes to stderr (a redrawn bar on a terminal, plain lines otherwise); the result goes to
// stdout as a table, or as one JSON object with the DESIGN §5 shape plus "entry" and "runDir". Exit 0 when the
// run finished without errors, 1 when it had errors (a rejected key, failed requests), 130 when cancelled.
// The recipe helpers at the top are shared with `passk report`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasErrors, type Problem } from '../core/problem';
import { TextLines } from '../core/text-lines';
import { runEvaluation, type EvalProgress } from '../eval';
import { analyzeRecipe } from '../recipe/analyze';
import type { RecipeDoc } from '../recipe/model';
import { renderSummaryTable } from '../report';
import { parseArgs } from './args';
import type { CliIO, CommandSpec } from './io';

/** `file:line:col: severity code message` for each problem (1-based), reading other files' text as needed. */
export function printProblems(io: CliIO, problems: readonly Problem[], defaultFile: string, defaultText?: string): void {
  const cache = new Map<string, TextLines | undefined>();
  if (defaultText !== undefined) cache.set(defaultFile, new TextLines(defaultText));
  for (const p of problems) {
    const file = p.file ?? defaultFile;
    // Only a problem with a span needs its file's text; run-file problems name files that may be huge (samples)
    // or planted (a FIFO would block the read), so they are never read here.
    if (p.span && !cache.has(file)) {
      try {
        cache.set(file, new TextLines(fs.readFileSync(file, 'utf8')));
      } catch {
        cache.set(file, undefined);
      }
    }
    const lines = p.span ? cache.get(file) : undefined;
    const pos = lines && p.span ? lines.positionAt(p.span.start) : undefined;
    const where = pos ? `${path.relative(io.cwd, file) || file}:${pos.line + 1}:${pos.character + 1}` : path.relative(io.cwd, file) || file;
    io.err(`${where}: ${p.severity} ${p.code} ${p.message}\n`);
  }
}

export function loadRecipe(io: CliIO, file: string): RecipeDoc | undefined {
  const abs = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    io.err(`passk: cannot read ${file}: ${(e as Error).message}\n`);
    return undefined;
  }
  const r = analyzeRecipe(text, { file: abs, env: io.env });
  const errors = r.problems.filter((p) => p.severity === 'error');
  printProblems(io, errors, abs, text);
  return hasErrors(r.problems) ? undefined : r.value;
}

function formatEta(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '?';
  if (sec < 60) return `${Math.ceil(sec)}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m${String(Math.ceil(sec % 60)).padStart(2, '0')}s`;
  return `${Math.floor(sec / 3600)}h${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}m`;
}

/** A progress reporter: a redrawn bar on a terminal, otherwise a plain line at most every two seconds. */
export function progressPrinter(io: CliIO, label: string): { update(p: EvalProgress): void; done(): void } {
  let lastLine = 0;
  let lastDone = -1;
  let drew = false;
  return {
    update(p) {
      const frac = p.total ? p.done / p.total : 1;
      const eta = p.done >= p.total ? 0 : p.etaSec;
      const stats = `${p.problemsDone}/${p.problemsTotal} problems  ${p.done}/${p.total} samples  ${p.samplesPerSec.toFixed(1)} samples/s  ETA ${formatEta(eta)}  retries ${p.retries}${p.errors ? `  errors ${p.errors}` : ''}`;
      if (io.isTTY) {
        const width = 24;
        const filled = Math.round(frac * width);
        io.err(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${stats}\x1b[K`);
        drew = true;
      } else if (Date.now() - lastLine >= 2000 || (p.done === p.total && p.done !== lastDone)) {
        lastLine = Date.now();
        lastDone = p.done;
        io.err(`${label}: ${(frac * 100).toFixed(1)}%  ${stats}\n`);
      }
    },
    done() {
      if (drew) io.err('\n');
    },
  };
}

export const evalCommand: CommandSpec = {
  name: 'eval',
  usage: 'passk eval <recipe> [--entry NAME] [--limit N] [--json]',
  summary: 'sample an evaluation (resuming its run) and print pass@k / maj@k',
  run: async (argv, io) => {
    const { positionals, flags } = parseArgs(argv, { entry: 'string', limit: 'number', json: 'boolean' });
    if (positionals.length !== 1) {
      io.err('usage: passk eval <recipe> [--entry NAME] [--limit N] [--json]\n');
      return 2;
    }
    if (flags.limit !== undefined && (!Number.isInteger(flags.limit) || (flags.limit as number) < 1)) {
      io.err('passk eval: --limit expects a positive whole number\n');
      return 2;
    }
    const doc = loadRecipe(io, positionals[0]!);
    if (!doc) return 1;
    const entry = flags.entry as string | undefined;
    const others = [...doc.evaluate.keys()].slice(1);
    if (entry === undefined && others.length) io.err(`passk eval: running "${[...doc.evaluate.keys()][0]}"; other entries: ${others.join(', ')} (use --entry)\n`);
    const progress = progressPrinter(io, 'passk eval');
    const r = await runEvaluation(doc, entry, {
      env: io.env,
      signal: io.signal,
      ...(flags.limit !== undefined ? { limit: flags.limit as number } : {}),
      onProgress: (p) => progress.update(p),
      progressEveryMs: io.isTTY ? 100 : 500,
    });
    progress.done();
    printProblems(io, r.problems, doc.file, doc.text);
    if (r.value) io.out(flags.json ? JSON.stringify(r.value) + '\n' : renderSummaryTable(r.value));
    if (io.signal.aborted) return 130;
    return !r.value || hasErrors(r.problems) ? 1 : 0;
  },
};
