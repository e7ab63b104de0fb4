// `passk synth <recipe> [-e NAME] [-n N] [--shard i/N] [--force] [--json]`: runs a synthesis entry (generate → verify → solve,
// consistency, dedup, decontamination) and writes its SFT JSONL. A rerun continues a killed or cancelled run
// from its journal. The output goes only inside the recipe's folder and never over a file passk did not export;
// --force is the user's consent to lift that (docs/runs.md, "Exports"). Exit 0 when every candidate reached a
// verdict, 1 on a rejected request or a refused output, 2 on a recipe error, 3 when candidates failed after
// retries (rerun to retry them), 130 when interrupted.
import { hasErrors } from '../problems/problem';
import { parseShardSpec } from '../runs/shard-spec';
import { progressText } from '../synthesis/progress-text';
import { runSynthesis, type SynthSummary } from '../synthesis/run-synthesis';
import { loadRecipe, printProblems } from './eval';
import { withDefaultConcurrency } from '../recipe/with-default-concurrency';
import type { ParsedArgs } from './args';
import { eventsFlags, openEventsMode, type EventsMode } from './events-mode';
import { EXIT, type CliIO, type CommandSpec } from './io';
import { synthesisResult } from './run-result';
import { progressLine } from './progress-line';
import * as path from 'node:path';

export function summaryText(io: CliIO, s: SynthSummary): string {
  const rejected = Object.entries(s.rejected).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const examples = Object.entries(s.examples ?? {}).flatMap(([reason, list]) => (list ?? []).map((e) => `  ${reason}: ${e.key}${e.detail ? ` (${e.detail})` : ''}`));
  return [
    `synthesis ${s.entry}: ${s.accepted} accepted of ${s.candidates} candidates from ${s.seeds} seeds${s.failed ? ` (${s.failed} failed; rerun to retry)` : ''}`,
    `rejected: ${rejected}`,
    ...(examples.length ? ['examples:', ...examples] : []),
    s.shard ? `shard ${s.shard}: no output is written; \`passk merge\` joins the shards and writes it` : `output: ${path.relative(io.cwd, s.output) || s.output}`,
    `run: ${path.relative(io.cwd, s.runDir) || s.runDir}`,
    '',
  ].join('\n');
}

export const synthCommand: CommandSpec = {
  name: 'synth',
  summary: 'synthesize new problems (resuming its run) and export SFT JSONL',
  positionals: { usage: '<recipe>', min: 1, max: 1 },
  flags: {
    entry: { type: 'string', short: 'e', value: 'NAME', help: 'the synthesize entry to run (default: the first)' },
    limit: { type: 'integer', short: 'n', value: 'N', min: 1, help: 'only the first N seed problems' },
    force: { type: 'boolean', help: 'write the output even outside the recipe folder or over a file passk did not export' },
    json: { type: 'boolean', short: 'j', help: 'print the synthesis summary as one JSON object' },
    'allow-incomplete': { type: 'boolean', help: 'exit 0 even when candidates failed after retries' },
    shard: { type: 'string', value: 'i/N', help: 'run only shard i of N (seeds split by id hash; `passk merge` joins the shards)' },
    ...eventsFlags,
  },
  details: 'Exit 0 when every candidate reached a verdict, 1 when a model rejected the requests or the output was refused,\n2 on a recipe error, 3 when candidates failed after retries (rerun to retry them), 130 when interrupted\n(verdicts so far are kept). The output stays inside the recipe folder and never replaces a file passk did not\nexport, unless --force (docs/runs.md, "Exports").',
  run: async (args, io) => {
    const mode = openEventsMode(io, args.flags);
    try {
      return await synthesize(args, io, mode);
    } finally {
      mode.close();
    }
  },
};

async function synthesize({ positionals, flags }: ParsedArgs, io: CliIO, mode: EventsMode): Promise<number> {
  const loaded = loadRecipe(io, positionals[0]!, await mode.recipeText());
  if (!loaded) {
    mode.emit({ type: 'failed', message: 'The recipe could not be read or has errors; nothing was run.' });
    return EXIT.usage;
  }
  const doc = withDefaultConcurrency(loaded, flags['default-concurrency'] as number | undefined);
  const entry = flags.entry as string | undefined;
  const shard = flags.shard !== undefined ? parseShardSpec(flags.shard as string) : undefined;
  if (shard && !shard.value) {
    printProblems(io, shard.problems, doc.file, doc.text);
    mode.emit({ type: 'failed', message: shard.problems[0]?.message ?? 'bad --shard' });
    return EXIT.usage;
  }
  const line = progressLine(io, 100);
  let total = 0;
  const r = await runSynthesis(doc, entry, {
    env: io.env,
    signal: mode.signal,
    ...(flags.limit !== undefined ? { limit: flags.limit as number } : {}),
    ...(Object.keys(mode.apiKeys).length ? { apiKeys: mode.apiKeys } : {}),
    force: flags.force === true,
    ...(shard?.value ? { shard: shard.value } : {}),
    // Progress is drawn only when stderr is a terminal; logs and pipes get the result and the messages.
    onProgress: (p) => {
      total = p.total;
      mode.emit({ type: 'progress', done: p.done, total: p.total, message: progressText(p) });
      line.show(`passk synth: ${progressText(p)}`, p.done >= p.total);
    },
  });
  line.done();
  printProblems(io, r.problems, doc.file, doc.text);
  if (mode.events) mode.emit({ type: 'result', result: synthesisResult(entry ?? [...doc.synthesize.keys()][0] ?? '', r.value, r.problems, mode.signal.aborted, total) });
  else if (r.value) io.out(flags.json ? JSON.stringify(r.value) + '\n' : summaryText(io, r.value));
  if (mode.signal.aborted) return EXIT.interrupted;
  // No summary: the recipe was refused (2), or the run could not start on disk: an output passk may not replace,
  // a link or lock in its run folder (1).
  if (!r.value) return r.problems.some((p) => p.severity === 'error' && /^(synth\/(io|output-)|runs\/)/.test(p.code)) ? EXIT.failed : EXIT.usage;
  if (hasErrors(r.problems)) return EXIT.failed;
  return r.value.failed && !flags['allow-incomplete'] ? EXIT.incomplete : EXIT.ok;
}
