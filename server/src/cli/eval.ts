// `passk eval <recipe> [-e NAME] [-n N] [--shard i/N] [--json] [--allow-incomplete]`: runs an evaluation (or one
// shard of it, docs/cluster.md) with the shared engine. Progress goes to stderr, and only on a terminal (a
// redrawn bar); the result goes to stdout as a table, or as one JSON object (the run summary plus "entry" and
// "runDir"). Exit codes are README's: 0 complete with every `expect` met, 1 a rejected request or unwritable run,
// 2 a recipe error, 3 samples still missing after retries, 4 an `expect` not met, 130 interrupted. The recipe
// helpers at the top are shared with other commands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasErrors, type Problem } from '../problems/problem';
import { TextLines } from '../text/text-lines';
import { runEvaluation, type EvalProgress } from '../eval';
import { estimateEvaluation } from '../eval/dry-run';
import { estimateTitle } from '../eval/estimate-text';
import { seriesRuns, type SeriesRuns } from '../eval/series-runs';
import { seriesData } from '../report/series-data';
import { renderSeriesTable } from '../report/series-report';
import { analyzeRecipe } from '../recipe/analyze';
import type { RecipeDoc } from '../recipe/model';
import { provenanceOf, renderSummaryTable } from '../report';
import { terminalText } from '../report/format';
import type { RunSummary } from '../runs/run-summary';
import { parseShardSpec, type ShardSpec } from '../runs/shard-spec';
import { withDefaultConcurrency } from '../recipe/with-default-concurrency';
import type { ParsedArgs } from './args';
import { eventsFlags, openEventsMode, type EventsMode } from './events-mode';
import { EXIT, type CliIO, type CommandSpec } from './io';
import { evaluationResult, seriesResult, type SeriesCheckpointRun } from './run-result';
import { progressLine } from './progress-line';

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
  const line = progressLine(io);
  return {
    update(p) {
      if (!io.isTTY) return;
      const frac = p.total ? p.done / p.total : 1;
      const eta = p.done >= p.total ? 0 : p.etaSec;
      const stats = `${p.problemsDone}/${p.problemsTotal} problems  ${p.done}/${p.total} samples  ${p.samplesPerSec.toFixed(1)} samples/s  ETA ${formatEta(eta)}  retries ${p.retries}${p.errors ? `  errors ${p.errors}` : ''}`;
      const width = 24;
      const filled = Math.round(frac * width);
      line.show(`${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${stats}`);
    },
    done: line.done,
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
    shard: { type: 'string', value: 'i/N', help: 'run only shard i of N (0 ≤ i < N) in its own run folder; `passk merge` joins them' },
    json: { type: 'boolean', short: 'j', help: 'print the run summary as one JSON object' },
    'allow-incomplete': { type: 'boolean', help: 'exit 0 (or 4) even when samples are still missing after retries' },
    'dry-run': { type: 'boolean', help: 'send nothing: print the requests, tokens, cost and time a run would need' },
    ...eventsFlags,
  },
  details:
    'A rerun requests only the samples still missing; an unchanged complete run sends no request.\n' +
    'Exit 0 when the run is complete and every `expect` is met, 1 when a model rejected the requests, 2 on a\n' +
    'recipe error, 3 when samples are still missing (rerun to resume), 4 when an `expect` is not met, 130 when\n' +
    'interrupted (SIGINT/SIGTERM; the samples stored so far are kept).\n' +
    'With --dry-run nothing is sent or written: each entry (the one of --entry, else all) gets a line with the\n' +
    'requests still needed (stored samples are not counted), prompt tokens, the completion-token ceiling, the\n' +
    'most it can cost at the model\'s `price` and the least time its rate limits allow; with --json one JSON\n' +
    'object per entry and line: {"entry","requests","samples","promptTokens","maxCompletionTokens",\n' +
    '"cost":{"max"}|null,"seconds":{"min"}|null}.\n' +
    'With --shard i/N only the problems whose id hashes to shard i run, in a folder of their own; a job array\n' +
    'runs i = 0..N-1 and `passk merge` combines the shards into the run an unsharded eval makes (docs/cluster.md).',
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
  let shard: ShardSpec | undefined;
  if (typeof flags.shard === 'string') {
    const parsed = parseShardSpec(flags.shard);
    if (!parsed.value) {
      io.err(`passk eval: ${parsed.problems[0]!.message}\n`);
      mode.emit({ type: 'failed', message: parsed.problems[0]!.message });
      return EXIT.usage;
    }
    shard = parsed.value;
  }
  const loaded = loadRecipe(io, positionals[0]!, await mode.recipeText());
  if (!loaded) {
    mode.emit({ type: 'failed', message: 'The recipe could not be read or has errors; nothing was run.' });
    return EXIT.usage;
  }
  const doc = withDefaultConcurrency(loaded, flags['default-concurrency'] as number | undefined);
  const entry = flags.entry as string | undefined;
  if (flags['dry-run']) return dryRun(io, doc, entry, flags.limit as number | undefined, Boolean(flags.json));
  const chosen = entry ?? [...doc.evaluate.keys()][0];
  if (chosen !== undefined && doc.evaluate.get(chosen)?.series) return runSeries(io, doc, chosen, flags, mode);
  const others = [...doc.evaluate.keys()].slice(1);
  if (entry === undefined && others.length) io.err(`passk eval: running "${[...doc.evaluate.keys()][0]}"; other entries: ${others.join(', ')} (use --entry)\n`);
  const progress = progressPrinter(io, 'passk eval');
  const r = await runEvaluation(doc, entry, {
    env: io.env,
    signal: mode.signal,
    ...(flags.limit !== undefined ? { limit: flags.limit as number } : {}),
    ...(shard ? { shard } : {}),
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
  // A shard meets no `expect` of its own: its figures cover a slice, and `passk merge` checks the whole run's.
  if (r.value.config.shard) return r.value.complete || flags['allow-incomplete'] ? EXIT.ok : EXIT.incomplete;
  return runExitCode(r.value, Boolean(flags['allow-incomplete']));
}

/** The JSON of a series: each checkpoint's model, value and run summary (absent when it has no run). */
export function seriesJson(s: SeriesRuns): object {
  return { entry: s.entry, label: s.label, points: s.points.map((p) => ({ model: p.model, value: p.value, runDir: p.runDir, current: p.current, summary: p.summary ?? null })) };
}

/**
 * An entry with a `series`: each checkpoint's run in turn, then the series table (or JSON); the worst exit code
 * wins. In events mode (the editor's ▶ Run) the progress names the checkpoint, a cancel stops the whole series
 * after the checkpoint that is running has stored what it has, and one result event covers every checkpoint.
 */
async function runSeries(io: CliIO, doc: RecipeDoc, entry: string, flags: Record<string, unknown>, mode: EventsMode): Promise<number> {
  let code: number = EXIT.ok;
  const points = doc.evaluate.get(entry)!.series!.points;
  const runs: SeriesCheckpointRun[] = [];
  const allProblems: Problem[] = [];
  const finish = (c: number): number => {
    mode.emit({ type: 'result', result: seriesResult(entry, points.length, runs, allProblems, mode.signal.aborted) });
    return c;
  };
  for (const [i, point] of points.entries()) {
    const progress = progressPrinter(io, `passk eval ${point.model.name}`);
    const r = await runEvaluation(doc, entry, {
      env: io.env, signal: mode.signal, model: point.model.name,
      ...(flags.limit !== undefined ? { limit: flags.limit as number } : {}),
      ...(Object.keys(mode.apiKeys).length ? { apiKeys: mode.apiKeys } : {}),
      onProgress: (p) => {
        progress.update(p);
        // Checkpoints share the entry's problems and samples, so the series' whole is this run's total per checkpoint.
        mode.emit({ type: 'progress', done: i * p.total + p.done, total: points.length * p.total, message: `${point.model.name} (${i + 1}/${points.length}): ${p.done}/${p.total} samples` });
      },
      progressEveryMs: 100,
    });
    progress.done();
    printProblems(io, r.problems, doc.file, doc.text);
    runs.push({ model: point.model.name, summary: r.value });
    allProblems.push(...r.problems);
    if (mode.signal.aborted) return finish(EXIT.interrupted);
    const c = !r.value ? (r.problems.some((p) => p.code === 'eval/io') ? EXIT.failed : EXIT.usage) : hasErrors(r.problems) ? EXIT.failed : runExitCode(r.value, Boolean(flags['allow-incomplete']));
    if (c === EXIT.usage) return finish(c);
    // A failure outranks missing samples, which outrank an unmet `expect`.
    const rank: number[] = [EXIT.ok, EXIT.expectFailed, EXIT.incomplete, EXIT.failed];
    if (rank.indexOf(c) > rank.indexOf(code)) code = c;
  }
  if (mode.events) return finish(code);
  const s = await seriesRuns(doc, entry);
  printProblems(io, s.problems, doc.file, doc.text);
  if (!s.value) return EXIT.usage;
  io.out(flags.json ? JSON.stringify(seriesJson(s.value)) + '\n' : renderSeriesTable(seriesData(s.value)));
  return code;
}

/** `passk eval --dry-run`: one estimate per entry, as text or JSON Lines; exit 2 when an entry cannot be planned. */
async function dryRun(io: CliIO, doc: RecipeDoc, entry: string | undefined, limit: number | undefined, json: boolean): Promise<number> {
  const names = entry !== undefined ? [entry] : [...doc.evaluate.keys()];
  if (!names.length) {
    io.err(`passk eval: the recipe ${doc.file} has no "evaluate" entries to estimate\n`);
    return EXIT.usage;
  }
  let code: number = EXIT.ok;
  // A series entry is estimated per checkpoint, as `entry@model` (its runs are one per model).
  const jobs = names.flatMap((name) => {
    const series = doc.evaluate.get(name)?.series;
    return series ? series.points.map((p) => ({ name, model: p.model.name as string | undefined })) : [{ name, model: undefined as string | undefined }];
  });
  for (const { name, model } of jobs) {
    const r = await estimateEvaluation(doc, name, { ...(limit !== undefined ? { limit } : {}), signal: io.signal, ...(model !== undefined ? { model } : {}) });
    printProblems(io, r.problems, doc.file, doc.text);
    if (io.signal.aborted) return EXIT.interrupted;
    if (!r.value || hasErrors(r.problems)) {
      code = EXIT.usage;
      continue;
    }
    const e = { ...r.value, entry: model !== undefined ? `${name}@${model}` : name };
    if (json) {
      // Keys in the documented order (README, "Cost and time before a run"), whatever the estimate object holds.
      io.out(JSON.stringify({ entry: e.entry, requests: e.requests, samples: e.samples, promptTokens: e.promptTokens, maxCompletionTokens: e.maxCompletionTokens, cost: e.cost, seconds: e.seconds }) + '\n');
    } else io.out(terminalText(`${e.entry}: ${e.samples} sample(s) to request · ${estimateTitle(e)}`) + '\n');
  }
  return code;
}
