// `passk merge <shard folders…|recipe[#entry]> [--out DIR] [--force] [--json]`: combines the runs of
// `passk eval --shard i/N` into the run an unsharded `passk eval` makes (docs/cluster.md). Given a recipe, it
// merges the shards of the entry's current run found in the recipe's `.passk/eval/` and writes the merged run
// where `passk eval` and `passk report` look for it. Synthesis runs are recognised by their run.json and handed
// to the synthesis merge. Exit 0 merged (4 when an `expect` is not met), 1 when the shards cannot be merged,
// 2 on a usage or recipe error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../problems/problem';
import { datasetDigest } from '../datasets';
import { mergeShards, resolveEntry, runsRoot } from '../eval';
import { entryIdentities } from '../eval/eval-plan';
import { provenanceOf, renderSummaryTable } from '../report';
import { loadRunFile } from '../runs/run-file-schema';
import { MANIFEST, readManifest } from '../runs/run-manifest';
import { isRealDir } from '../runs/safe-fs';
import type { RecipeDoc } from '../recipe';
import type { ParsedArgs } from './args';
import { loadRecipe, printProblems, runExitCode } from './eval';
import { readRecipeSpec } from './recipe-spec';
import { EXIT, type CliIO, type CommandSpec } from './io';
import { mergeSynthCommand } from './merge-synth';
import { planSynthesis } from '../synthesis/synth-plan';

/** Whether `dir` holds a synthesis run (its run.json says so), whose shards the synthesis merge combines. */
function isSynthesisRun(dir: string): boolean {
  return loadRunFile('synth-manifest', path.join(dir, MANIFEST)).value !== undefined;
}

/**
 * The synthesis side of `passk merge`: shard folders go to the synthesis merge as they are; given a recipe's
 * synthesize entry instead, the shard folders are the ones beside the whole run's folder that carry its name
 * and fingerprint with a `-shard<i>of<N>` tail (the merge itself checks that they belong together).
 */
async function mergeSynthesis(args: ParsedArgs, io: CliIO, from?: { doc: RecipeDoc; entry: string | undefined }): Promise<number> {
  if (from === undefined) return mergeSynthCommand(args, io);
  const { doc, entry } = from;
  const plan = await planSynthesis(doc, entry, undefined, io.signal);
  if (!plan.value) {
    printProblems(io, plan.problems, doc.file, doc.text);
    return EXIT.usage;
  }
  const whole = path.basename(plan.value.runDir);
  const parent = path.dirname(plan.value.runDir);
  let names: string[] = [];
  try {
    if (isRealDir(parent)) names = fs.readdirSync(parent).sort();
  } catch (e) {
    io.err(`passk merge: ${parent} cannot be read: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
  const shardName = new RegExp(`^${whole.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-shard\\d+of\\d+$`);
  const dirs = names.filter((n) => shardName.test(n)).map((n) => path.join(parent, n));
  if (dirs.length === 0) {
    io.err(`passk merge: error merge/no-shards No shard folders of "${plan.value.entry}" as the recipe is now were found in ${parent}; run \`passk synth --shard i/N\` first.\n`);
    return EXIT.failed;
  }
  return mergeSynthCommand({ ...args, positionals: dirs, flags: { ...args.flags, recipe: doc.file, entry: plan.value.entry } }, io);
}

/** The shard folders of a recipe entry's current run, from the recipe's `.passk/eval/`, or why there are none. */
async function shardsOfRecipe(io: CliIO, spec: string, entryFlag: string | undefined): Promise<{ dirs?: string[]; out?: string; code?: number; synth?: { doc: RecipeDoc; entry: string | undefined } }> {
  const { file, entry: entryName } = readRecipeSpec(io.cwd, spec, entryFlag);
  const doc = loadRecipe(io, file);
  if (!doc) return { code: EXIT.usage };
  // A synthesize entry named, or a recipe that has only synthesize entries, asks for the synthesis merge.
  if (entryName !== undefined ? !doc.evaluate.has(entryName) && doc.synthesize.has(entryName) : doc.evaluate.size === 0 && doc.synthesize.size > 0) return { synth: { doc, entry: entryName } };
  const resolved = resolveEntry(doc, entryName);
  if (!resolved.value) {
    printProblems(io, resolved.problems, doc.file, doc.text);
    return { code: EXIT.usage };
  }
  let digest: string;
  try {
    digest = await datasetDigest(resolved.value.dataset.path);
  } catch (e) {
    io.err(`passk merge: the dataset ${resolved.value.dataset.path} cannot be read (${(e as Error).message})\n`);
    return { code: EXIT.failed };
  }
  const { fingerprint } = entryIdentities(doc, resolved.value, digest);
  const root = path.join(runsRoot(doc.file), 'eval');
  const name = resolved.value.name;
  const byCount = new Map<number, string[]>();
  let names: string[] = [];
  try {
    if (isRealDir(root)) names = fs.readdirSync(root).sort();
  } catch (e) {
    io.err(`passk merge: ${root} cannot be read: ${(e as Error).message}\n`);
    return { code: EXIT.failed };
  }
  for (const n of names) {
    if (!/\.shard-\d+-of-\d+-[0-9a-f]+$/.test(n)) continue;
    const dir = path.join(root, n);
    // A link or an invalid run.json is not skipped quietly: it goes to the merge, which reports it.
    const m = fs.lstatSync(dir).isSymbolicLink() ? undefined : readManifest(dir);
    if (m && (m.entry !== name || m.fingerprint !== fingerprint || path.basename(m.recipe) !== path.basename(doc.file) || !m.shard)) continue;
    const count = m?.shard?.count ?? Number(/-of-(\d+)-/.exec(n)![1]);
    byCount.set(count, [...(byCount.get(count) ?? []), dir]);
  }
  if (byCount.size === 0) {
    io.err(`passk merge: evaluation "${name}" has no shard runs in ${path.relative(io.cwd, root) || root} for the recipe as it is now; run \`passk eval ${file} --entry ${name} --shard i/N\` for each shard first\n`);
    return { code: EXIT.failed };
  }
  if (byCount.size > 1) {
    io.err(`passk merge: error merge/ambiguous-shards evaluation "${name}" has shards of ${[...byCount.keys()].sort((a, b) => a - b).map((c) => `${c}-way`).join(' and ')} splits; name the folders of one split\n`);
    return { code: EXIT.failed };
  }
  return { dirs: [...byCount.values()][0]!, out: path.join(root, path.basename([...byCount.values()][0]![0]!).replace(/\.shard-\d+-of-\d+-/, '-')) };
}

export const mergeCommand: CommandSpec = {
  name: 'merge',
  summary: 'combine the runs of `eval --shard i/N` or `synth --shard i/N` into the run an unsharded one makes',
  positionals: { usage: '<shard-folder...|recipe[#entry]>', min: 1, missing: 'name the shard run folders, or a recipe (optionally recipe#entry) whose shards to merge' },
  flags: {
    entry: { type: 'string', short: 'e', value: 'NAME', help: 'with a recipe: the evaluate or synthesize entry whose shards to merge (default: the first evaluate entry)' },
    out: { type: 'string', short: 'o', value: 'DIR', help: 'the merged run folder (default: the unsharded run folder beside the shards)' },
    force: { type: 'boolean', help: 'replace a run already in the merged run folder' },
    json: { type: 'boolean', short: 'j', help: 'print the merged run summary as one JSON object' },
    recipe: { type: 'string', value: 'FILE', help: 'with synthesis shard folders: the recipe to use instead of the one their run.json names' },
  },
  details:
    'The shards must be finished runs of one evaluation (same sample and figures identities) and cover shards\n' +
    '0..N-1 exactly once; anything else is a merge/* error and nothing is written. The merged run is checked and\n' +
    'written whole: its pass@k, maj@k, intervals, report and JSON equal those of an unsharded `passk eval`.\n' +
    'Exit 0 merged, 4 merged but an `expect` is not met, 1 when the shards cannot be merged, 2 on a usage error.\n' +
    'Synthesis shards (folders whose run.json says kind "synth", or a synthesize entry) are joined in seed order\n' +
    'with near-duplicates checked across shards and `count` applied, and the export is written as an unsharded\n' +
    '`passk synth` writes it (exit 3 when a shard is missing or incomplete).',
  run: async (args, io) => {
    const { positionals, flags } = args;
    let dirs: string[];
    let out = typeof flags.out === 'string' ? path.resolve(io.cwd, flags.out) : undefined;
    const first = path.resolve(io.cwd, positionals[0]!);
    const isDir = (p: string) => {
      try {
        return fs.lstatSync(p).isDirectory() || fs.lstatSync(p).isSymbolicLink();
      } catch {
        return false;
      }
    };
    if (positionals.length === 1 && !isDir(first)) {
      const found = await shardsOfRecipe(io, positionals[0]!, flags.entry as string | undefined);
      if (found.synth) return mergeSynthesis(args, io, found.synth);
      if (!found.dirs) return found.code ?? EXIT.failed;
      dirs = found.dirs;
      out ??= found.out;
    } else {
      dirs = positionals.map((p) => path.resolve(io.cwd, p));
      if (dirs.some((d) => isDir(d) && isSynthesisRun(d))) return mergeSynthesis(args, io);
    }
    const r = mergeShards(dirs, { ...(out ? { out } : {}), replace: flags.force === true });
    printProblems(io, r.problems as Problem[], dirs[0]!);
    if (!r.value) return EXIT.failed;
    io.err(`passk merge: merged ${r.value.shards} shard(s) into ${path.relative(io.cwd, r.value.runDir) || r.value.runDir}\n`);
    io.out(flags.json ? JSON.stringify({ ...r.value.summary, provenance: provenanceOf(r.value.summary), stale: false }) + '\n' : renderSummaryTable(r.value.summary));
    return runExitCode(r.value.summary, true);
  },
};
