// `passk synth <recipe> [--entry NAME] [--limit N] [--force] [--json]`: runs a synthesis entry (generate → verify
// → solve, consistency, dedup, decontamination) and writes its SFT JSONL. A rerun continues a killed or
// cancelled run from its journal. The output goes only inside the recipe's folder and never over a file passk
// did not export; --force is the user's consent to lift that (docs/runs.md, "Exports"). Exit 0 when every
// candidate reached a verdict, 1 on errors, 130 when cancelled.
import { hasErrors } from '../core/problem';
import { runSynthesis, type SynthSummary } from '../synthesis/run-synthesis';
import { parseArgs } from './args';
import { loadRecipe, printProblems } from './eval';
import type { CliIO, CommandSpec } from './io';
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
  usage: 'passk synth <recipe> [--entry NAME] [--limit N] [--force] [--json]',
  summary: 'synthesize new problems (resuming its run) and export SFT JSONL',
  run: async (argv, io) => {
    const { positionals, flags } = parseArgs(argv, { entry: 'string', limit: 'number', force: 'boolean', json: 'boolean' });
    if (positionals.length !== 1) {
      io.err(`usage: ${synthCommand.usage}\n`);
      return 2;
    }
    if (flags.limit !== undefined && (!Number.isInteger(flags.limit) || (flags.limit as number) < 1)) {
      io.err('passk synth: --limit expects a positive whole number of seed problems\n');
      return 2;
    }
    const doc = loadRecipe(io, positionals[0]!);
    if (!doc) return 1;
    let lastLine = 0;
    const r = await runSynthesis(doc, flags.entry as string | undefined, {
      env: io.env,
      signal: io.signal,
      ...(flags.limit !== undefined ? { limit: flags.limit as number } : {}),
      force: flags.force === true,
      onProgress: (p) => {
        if (Date.now() - lastLine < (io.isTTY ? 100 : 2000) && p.done < p.total) return;
        lastLine = Date.now();
        const line = `passk synth: ${p.done}/${p.total} candidates  ${p.accepted} accepted  retries ${p.retries}${p.errors ? `  errors ${p.errors}` : ''}`;
        io.err(io.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
      },
    });
    if (io.isTTY) io.err('\n');
    printProblems(io, r.problems, doc.file, doc.text);
    if (r.value) io.out(flags.json ? JSON.stringify(r.value) + '\n' : summaryText(io, r.value));
    if (io.signal.aborted) return 130;
    return !r.value || hasErrors(r.problems) ? 1 : 0;
  },
};
