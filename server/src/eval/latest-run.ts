// latestRunFor: the run the editor and `passk report` show for an evaluation entry. The run folder of the recipe
// as it is now (same recipe file and sample identity) wins; otherwise the newest run of the entry. Either way the
// run is `current` only when its figures describe the recipe as it is now: same samples requested, same dataset
// content, same way of reading the gold answer, same grader and sample count (docs/runs.md). Otherwise the
// editor and the report label it stale.
import { datasetDigest } from '../datasets/dataset-digest';
import type { RecipeDoc } from '../recipe/model';
import { latestRun, type RunInfo } from '../runs/find-runs';
import type { SummaryMemo } from '../runs/summary-file';
import { entryIdentities, resolveEntry, type EntryIdentities } from './eval-plan';

export interface LatestRun extends RunInfo {
  /** True when the run's figures describe the recipe as it is now (see the file comment). */
  current: boolean;
}

// The dataset is hashed in chunks that let other requests through (datasets/dataset-digest.ts): the editor asks
// for this on every CodeLens refresh, and a dataset can be hundreds of megabytes.
async function currentIdentities(doc: RecipeDoc, entry: string): Promise<EntryIdentities | undefined> {
  const r = resolveEntry(doc, entry).value;
  if (!r) return undefined;
  try {
    return entryIdentities(doc, r, await datasetDigest(r.dataset.path));
  } catch {
    return undefined; // without the dataset there is no current identity; the newest run is shown, as stale
  }
}

const isCurrent = (ids: EntryIdentities | undefined, run: Pick<RunInfo, 'fingerprint' | 'figures'>) => ids !== undefined && run.fingerprint === ids.fingerprint && run.figures === ids.figures;

/** The run shown for `entry` (see the file comment); summaries are read through `memo` when given. */
export async function latestRunFor(doc: RecipeDoc, entry: string, memo?: SummaryMemo): Promise<LatestRun | undefined> {
  const ids = await currentIdentities(doc, entry);
  const run = latestRun(doc.file, entry, ids?.fingerprint, memo);
  return run ? { ...run, current: isCurrent(ids, run) } : undefined;
}

/** Whether a given run of `entry` (e.g. a run folder named on the command line) describes the recipe as it is now. */
export async function runIsCurrent(doc: RecipeDoc, entry: string, run: Pick<RunInfo, 'fingerprint' | 'figures'>): Promise<boolean> {
  return isCurrent(await currentIdentities(doc, entry), run);
}
