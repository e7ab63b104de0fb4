// `passk synth <recipe> [-e NAME] [-n N] [--json]`: runs a synthesis entry (generate → verify → solve,
// consistency, dedup, decontamination) and writes its SFT JSONL. A rerun continues a killed or cancelled run
// from its journal. Exit 0 when every candidate reached a verdict, 1 on a rejected request, 2 on a recipe
// error, 3 when candidates failed after retries (rerun to retry them), 130 when interrupted.
import { hasErrors } from '../core/problem';
import { runSynthesis, type SynthSummary } from '../synthesis/run-synthesis';
import { loadRecipe, printProblems } from './eval';
import { EXIT, type CliIO, type CommandSpec } from './io';
import * as path from 'node:path';

function summaryText(io: CliIO, s: SynthSummary): string {
  const rejected = Object.entries(s.rejected).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return [
    `synthesis ${s.entry}: ${s.accepted} accepted of ${s.candidates} candidates from ${s.seeds} seeds${s.failed ? ` (${s.failed} failed; rerun to retry)` : ''}`,
    `rejected: ${rejected}`,
    `output: ${path.relative(io.cwd, s.output) || s.output}`,
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
    json: { type: 'boolean', short: 'j', help: 'print the synthesis summary as one JSON object' },
    'allow-incomplete': { type: 'boolean', help: 'exit 0 even when candidates failed after retries' },
  },
  details: 'Exit 0 when every candidate reached a verdict, 1 when a model rejected the requests, 2 on a recipe error,\n3 when candidates failed after retries (rerun to retry them), 130 when interrupted (verdicts so far are kept).',
  run: async ({ positionals, flags }, io) => {
    const doc = loadRecipe(io, positionals[0]!);
    if (!doc) return EXIT.usage;
    let lastLine = 0;
    const r = await runSynthesis(doc, flags.entry as string | undefined, {
      env: io.env,
      signal: io.signal,
      ...(flags.limit !== undefined ? { limit: flags.limit as number } : {}),
      // Progress is drawn only when stderr is a terminal; logs and pipes get the result and the messages.
      onProgress: (p) => {
        if (!io.isTTY || (Date.now() - lastLine < 100 && p.done < p.total)) return;
        lastLine = Date.now();
        io.err(`\rpassk synth: ${p.done}/${p.total} candidates  ${p.accepted} accepted  retries ${p.retries}${p.errors ? `  errors ${p.errors}` : ''}\x1b[K`);
      },
    });
    if (io.isTTY && lastLine) io.err('\n');
    printProblems(io, r.problems, doc.file, doc.text);
    if (r.value) io.out(flags.json ? JSON.stringify(r.value) + '\n' : summaryText(io, r.value));
    if (io.signal.aborted) return EXIT.interrupted;
    if (!r.value) return r.problems.some((p) => p.code === 'synth/io') ? EXIT.failed : EXIT.usage;
    if (hasErrors(r.problems)) return EXIT.failed;
    return r.value.failed && !flags['allow-incomplete'] ? EXIT.incomplete : EXIT.ok;
  },
};
