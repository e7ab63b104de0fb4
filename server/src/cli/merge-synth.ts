// The synthesis half of `passk merge`: joins the run folders of `passk synth --shard i/N` into the run an
// unsharded `passk synth` makes (synthesis/merge-synthesis.ts) and writes the output. `passk merge` hands over
// the folders it recognised as synthesis runs (their run.json has kind "synth"); the recipe is the one the
// shards' run.json names, unless `--recipe` gives another copy (a cluster's paths may differ from this
// machine's). Exit 0 when every shard was complete, 1 on a refused output or mismatched shards, 2 when the
// recipe cannot be loaded, 3 when shards are missing or incomplete.
import * as path from 'node:path';
import { hasErrors } from '../problems/problem';
import type { ParsedArgs } from './args';
import { loadRecipe, printProblems } from './eval';
import { EXIT, type CliIO } from './io';
import { summaryText } from './synth';
import { mergeSynthesisShards } from '../synthesis/merge-synthesis';
import { loadSynthManifest } from '../synthesis/synth-manifest';

/**
 * `args.positionals`: the shard run folders. Flags: `recipe` (path), `entry`, `force` (write the output outside
 * the recipe folder or over a file passk did not export), `json` (print the summary as one JSON object).
 */
export async function mergeSynthCommand(args: ParsedArgs, io: CliIO): Promise<number> {
  const dirs = args.positionals.map((d) => path.resolve(io.cwd, d));
  let recipe = args.flags['recipe'] as string | undefined;
  if (recipe === undefined) {
    const m = dirs.length ? loadSynthManifest(dirs[0]!).manifest : undefined;
    if (!m) {
      io.err(`passk merge: ${dirs[0] ?? 'no folder'} is not a synthesis run folder; give the shard folders of one \`passk synth --shard\` run.\n`);
      return EXIT.usage;
    }
    recipe = m.recipe;
  }
  const doc = loadRecipe(io, recipe);
  if (!doc) return EXIT.usage;
  const r = await mergeSynthesisShards(doc, args.flags['entry'] as string | undefined, dirs, { force: args.flags['force'] === true, signal: io.signal });
  printProblems(io, r.problems, doc.file, doc.text);
  if (r.value) io.out(args.flags['json'] ? JSON.stringify(r.value) + '\n' : summaryText(io, r.value));
  if (!r.value || hasErrors(r.problems)) return r.problems.some((p) => p.code.startsWith('merge/') || p.code.startsWith('synth/')) ? EXIT.failed : EXIT.usage;
  return r.value.completed ? EXIT.ok : EXIT.incomplete;
}
