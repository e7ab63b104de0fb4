// Loads the run results an editor shows for one recipe entry. A finished run has a summary.json and that is
// used as is; a run in progress (or one killed before it wrote its summary) is summarised from its samples,
// with the recipe's plan supplying each problem's dataset line and gold answer, so hints and diagnostics land
// on the right lines while samples are still arriving. Reading never takes the run lock.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, Result } from '../problems/problem';
import { latestRunFor, loadRun, planEvaluation, runsRoot, summarizeRun, summarizeStoredRun, tallyStoredRun, type StoredTallies } from '../eval';
import type { RecipeDoc } from '../recipe/model';
import { parseRunFile } from '../runs/run-file-schema';
import { isRealDir, readFileNoFollow } from '../runs/safe-fs';
import type { SynthSummary } from '../synthesis/run-synthesis';
import { loadSynthManifest } from '../synthesis/synth-manifest';
import { pickExcerpts, type SampleExcerpt } from './answer-hover';
import type { RunSampleIndex } from './run-sample-index';
import type { RunViewCache } from './run-view-cache';
import type { EvalRunView, SynthRunView } from './run-views';

export type DatasetRunMode = 'latest' | 'matchingFingerprint';

export interface LoadViewOptions {
  /** `matchingFingerprint` ignores runs of an older version of the recipe. */
  mode?: DatasetRunMode;
  /** Recompute from samples.jsonl even when a summary.json exists (a run is writing right now). */
  live?: boolean;
  /** Summaries, incremental sample indexes and plans kept between calls (the editor's refreshes); absent reads afresh. */
  cache?: RunViewCache;
}

export async function loadEvalRunView(doc: RecipeDoc, entry: string, opts: LoadViewOptions = {}): Promise<Result<EvalRunView | undefined>> {
  const run = await latestRunFor(doc, entry, opts.cache);
  if (!run || (opts.mode === 'matchingFingerprint' && !run.current)) return { value: undefined, problems: [] };
  const loaded = loadRun(run.dir, opts.cache);
  const problems: Problem[] = [];
  const stored = loaded.value;
  // An invalid run file (docs/runs.md) shows nothing of the run, only the problem naming the file.
  if (!stored || loaded.problems.some((p) => p.severity === 'error')) return { value: undefined, problems: loaded.problems };
  if (stored.summary && !opts.live) return { value: { summary: stored.summary, current: run.current, live: false }, problems };
  // Without a usable summary, the samples are tallied and the plan of the recipe as it is now places them.
  const plan = await (opts.cache ? opts.cache.plan(doc, entry) : planEvaluation(doc, entry, undefined));
  const tallied = opts.cache ? talliesOf(opts.cache.index(run.dir)) : tallyStoredRun(stored);
  if (!plan.value) {
    problems.push(...plan.problems.filter((p) => p.severity === 'error'));
    return { value: { summary: summarizeStoredRun(stored, run.dir, tallied), current: run.current, live: true }, problems };
  }
  // Analytic intervals: a live view is recomputed every second, and the bootstrap costs ten times more.
  const summary = summarizeRun({ manifest: stored.manifest, runDir: run.dir, problems: plan.value.problems, tallies: tallied.tallies, tokens: tallied.tokens, interval: 'normal' });
  return { value: { summary, current: run.current, live: true }, problems };
}

function talliesOf(idx: RunSampleIndex): StoredTallies {
  return { problems: idx.order.map((id) => ({ id, line: -1, gold: '' })), tallies: idx.tallies, tokens: { ...idx.tokens } };
}

/** The newest synthesis run of `entry` that wrote a synth-summary.json, with its modification time. */
export function loadSynthRunView(doc: RecipeDoc, entry: string): (SynthRunView & { updated: string }) | undefined {
  const root = path.join(runsRoot(doc.file), 'synth');
  let names: string[];
  try {
    if (!isRealDir(root)) return undefined; // throws on a linked .passk/ or synth/: nothing there is shown
    // Linked run folders are skipped: the run store follows no links (docs/runs.md).
    names = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return undefined;
  }
  let best: { summary: SynthSummary; mtime: number } | undefined;
  for (const name of names) {
    const file = path.join(root, name, 'synth-summary.json');
    try {
      // Never through a link, and only a summary that passes its schema (docs/runs.md) is shown.
      const parsed = parseRunFile('synth-summary', readFileNoFollow(file));
      if (!('value' in parsed)) continue;
      const summary = parsed.value;
      // A folder belongs to the recipe its run.json names (docs/runs.md): a recipe beside this one with the same
      // entry name has synthesis runs of its own. Folders of older versions have no run.json and stay eligible.
      const owner = loadSynthManifest(path.join(root, name)).manifest?.recipe;
      if (owner !== undefined && path.basename(owner) !== path.basename(doc.file)) continue;
      const mtime = fs.lstatSync(file).mtimeMs;
      if (summary.entry === entry && (!best || mtime > best.mtime)) best = { summary, mtime };
    } catch {
    }
  }
  return best ? { summary: best.summary, updated: new Date(best.mtime).toISOString() } : undefined;
}

/**
 * Up to `max` sample excerpts of one problem of a run: from the cache's index (read incrementally) when given,
 * else in one pass over samples.jsonl that stops as soon as the pick is final.
 */
export function loadExcerpts(runDir: string, problem: string, max = 3, cache?: RunViewCache): SampleExcerpt[] {
  if (cache) return cache.index(runDir).excerpts(problem, max);
  const loaded = loadRun(runDir).value;
  return loaded ? pickExcerpts(loaded.samples(), problem, max) : [];
}
