// latestRunFor: the run the editor and `passk report` show for an evaluation entry. The run folder of the recipe
// as it is now (same recipe file and sample identity) wins; otherwise the newest run of the entry. Either way the
// run is `current` only when its figures describe the recipe as it is now: same samples requested, same dataset
// content, same way of reading the gold answer, same grader and sample count (docs/runs.md). Otherwise the
// editor and the report label it stale.
import * as fs from 'node:fs';
import type { RecipeDoc } from '../recipe/model';
import { latestRun, type RunInfo } from '../runs/find-runs';
import { entryIdentities, resolveEntry, type EntryIdentities } from './eval-plan';

export interface LatestRun extends RunInfo {
  /** True when the run's figures describe the recipe as it is now (see the file comment). */
  current: boolean;
}

function currentIdentities(doc: RecipeDoc, entry: string): EntryIdentities | undefined {
  const r = resolveEntry(doc, entry).value;
  if (!r) return undefined;
  try {
    return entryIdentities(doc, r, fs.readFileSync(r.dataset.path));
  } catch {
    return undefined; // without the dataset there is no current identity; the newest run is shown, as stale
  }
}

const isCurrent = (ids: EntryIdentities | undefined, run: Pick<RunInfo, 'fingerprint' | 'figures'>) => ids !== undefined && run.fingerprint === ids.fingerprint && run.figures === ids.figures;

export function latestRunFor(doc: RecipeDoc, entry: string): LatestRun | undefined {
  const ids = currentIdentities(doc, entry);
  const run = latestRun(doc.file, entry, ids?.fingerprint);
  return run ? { ...run, current: isCurrent(ids, run) } : undefined;
}

/** Whether a given run of `entry` (e.g. a run folder named on the command line) describes the recipe as it is now. */
export function runIsCurrent(doc: RecipeDoc, entry: string, run: Pick<RunInfo, 'fingerprint' | 'figures'>): boolean {
  return isCurrent(currentIdentities(doc, entry), run);
}
