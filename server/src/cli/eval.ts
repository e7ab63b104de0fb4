// `passk eval <recipe> [-e NAME] [-n N] [--json] [--allow-incomplete]`: runs an evaluation with the shared
// engine. Progress goes to stderr, and only on a terminal (a redrawn bar); the result goes to stdout as a table,
// or as one JSON object (the run summary plus "entry" and "runDir"). Exit codes are README's: 0 complete with
// every `expect` met, 1 a rejected request or unwritable run, 2 a recipe error, 3 samples still missing after
// retries, 4 an `expect` not met, 130 interrupted. The recipe helpers at the top are shared with other commands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasErrors, type Problem } from '../core/problem';
import { TextLines } from '../core/text-lines';
import { runEvaluation, type EvalProgress } from '../eval';
import { analyzeRecipe } from '../recipe/analyze';
import type { RecipeDoc } from '../recipe/model';
import { provenanceOf, renderSummaryTable } from '../report';
import { terminalText } from '../report/format';
import type { RunSummary } from '../runs/run-summary';
import { withDefaultConcurrency } from '../recipe/with-default-concurrency';
import type { ParsedArgs } from './args';
import { eventsFlags, openEventsMode, type EventsMode } from './events-mode';
import { EXIT, type CliIO, type CommandSpec } from './io';
import { evaluationResult } from './run-result';

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
    // Messages quote recipe and run-file text, which must not drive the terminal (report/format.ts).
    io.err(`${terminalText(`${where}: ${p.severity} ${p.code} ${p.message}`)}\n`);
  }
}

/** The recipe at `file`, analysed; `editorText` (an editor's unsaved buffer) is analysed in place of the file's text. */
export function loadRecipe(io: CliIO, file: string, editorText?: string): RecipeDoc | undefined {
  const abs = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = editorText ?? fs.readFileSync(abs, 'utf8');
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

/**
 * A progress reporter: a bar redrawn on stderr when stderr is a terminal, and nothing otherwise, so logs and
 * pipes get only the result and the messages.
 */
export function progressPrinter(io: CliIO, label: string): { update(p: EvalProgress): void; done(): void } {
  let drew = false;
  return {
    update(p) {
      if (!io.isTTY) return;
      const frac = p.total ? p.done / p.total : 1;
      const eta = p.done >= p.total ? 0 : p.etaSec;
      const stats = `${p.problemsDone}/${p.problemsTotal} problems  ${p.done}/${p.total} samples  ${p.samplesPerSec.toFixed(1)} samples/s  ETA ${formatEta(eta)}  retries ${p.retries}${p.errors ? `  errors ${p.errors}` : ''}`;
      const width = 24;
      const filled = Math.round(frac * width);
      io.err(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${stats}\x1b[K`);
      drew = true;
    },
    done() {
      if (drew) io.err('\n');
    },
  };
}

/** The exit code of a finished run (README, "Exit codes"): incomplete wins over unmet expectations. */
export function runExitCode(summary: RunSummary, allowIncomplete: boolean): number {
  if (!summary.complete && !allowIncomplete) return EXIT.incomplete;
  return summary.expect.some((c) => !c.passed) ? EXIT.expectFailed : EXIT.ok;
}

export const evalCommand: CommandSpec = {
  name: 'eval',
  summary: 'sample an evaluation (resuming its run) and print pass@k / maj@k',
  positionals: { usage: '<recipe>', min: 1, max: 1 },
  flags: {
    entry: { type: 'string', short: 'e', value: 'NAME', help: 'the evaluate entry to run (default: the first)' },
    limit: { type: 'integer', short: 'n', value: 'N', min: 1, help: 'only the first N problems of the dataset' },
    json: { type: 'boolean', short: 'j', help: 'print the run summary as one JSON object' },
    'allow-incomplete': { type: 'boolean', help: 'exit 0 (or 4) even when samples are still missing after retries' },
    ...eventsFlags,
  },
  details:
    'A rerun requests only the samples still missing; an unchanged complete run sends no request.\n' +
    'Exit 0 when the run is complete and every `expect` is met, 1 when a model rejected the requests, 2 on a\n' +
    'recipe error, 3 when samples are still missing (rerun to resume), 4 when an `expect` is not met, 130 when\n' +
    'interrupted (SIGINT/SIGTERM; the samples stored so far are kept).',
  run: async (args, io) => {
    const mode = openEventsMode(io, args.flags);
    try {
      return await evaluate(args, io, mode);
    } finally {
      mode.close();
    }
  },
};

async function evaluate({ positionals, flags }: ParsedArgs, io: CliIO, mode: EventsMode): Promise<number> {
  const loaded = loadRecipe(io, positionals[0]!, await mode.recipeText());
  if (!loaded) {
    mode.emit({ type: 'failed', message: 'The recipe could not be read or has errors; nothing was run.' });
    return EXIT.usage;
  }
  const doc = withDefaultConcurrency(loaded, flags['default-concurrency'] as number | undefined);
  const entry = flags.entry as string | undefined;
  const others = [...doc.evaluate.keys()].slice(1);
  if (entry === undefined && others.length) io.err(`passk eval: running "${[...doc.evaluate.keys()][0]}"; other entries: ${others.join(', ')} (use --entry)\n`);
  const progress = progressPrinter(io, 'passk eval');
  const r = await runEvaluation(doc, entry, {
    env: io.env,
    signal: mode.signal,
    ...(flags.limit !== undefined ? { limit: flags.limit as number } : {}),
    ...(Object.keys(mode.apiKeys).length ? { apiKeys: mode.apiKeys } : {}),
    onProgress: (p) => {
      progress.update(p);
      mode.emit({ type: 'progress', done: p.done, total: p.total, message: `${p.done}/${p.total} samples` });
    },
    progressEveryMs: 100,
  });
  progress.done();
  printProblems(io, r.problems, doc.file, doc.text);
  if (mode.events) {
    mode.emit({ type: 'result', result: evaluationResult(entry ?? [...doc.evaluate.keys()][0] ?? '', r.value, r.problems, mode.signal.aborted) });
  } else if (r.value) {
    // A summary just made from the recipe as it is describes it: never stale.
    io.out(flags.json ? JSON.stringify({ ...r.value, provenance: provenanceOf(r.value), stale: false }) + '\n' : renderSummaryTable(r.value));
  }
  if (mode.signal.aborted) return EXIT.interrupted;
  if (!r.value) return r.problems.some((p) => p.code === 'eval/io') ? EXIT.failed : EXIT.usage;
  if (hasErrors(r.problems)) return EXIT.failed;
  if (!r.value.complete) {
    io.err(`passk eval: the run is incomplete: ${r.value.missing} sample(s) still missing; rerun to request them${flags['allow-incomplete'] ? '' : ' (exit 3; --allow-incomplete exits 0)'}\n`);
  }
  return runExitCode(r.value, Boolean(flags['allow-incomplete']));
}
