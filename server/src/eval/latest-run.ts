// latestRunFor: the run the editor and `passk report` show for an evaluation entry. The run folder of the recipe
// as it is now (same recipe file and sample identity) wins; otherwise the newest run of the entry. Either way the
// run is `current` only when its figures describe the recipe as it is now: same samples requested, same dataset
// content, same way of reading the gold answer, same grader and sample count (docs/runs.md). Otherwise the
// editor and the report label it stale.
import { datasetDigest } from '../datasets/dataset-digest';
import type { RecipeDoc } from '../recipe/model';
import { latestRun, type RunInfo } from '../runs/find-runs';
import { entryIdentities, resolveEntry, type EntryIdentities } from './eval-plan';

export interface LatestRun extends RunInfo {
  /** True when the run's figures describe the recipe as it is now (see the file comment). */
  current: boolean;
}

export async function latestRunFor(doc: RecipeDoc, entry: string): Promise<LatestRun | undefined> {
  const r = resolveEntry(doc, entry).value;
  let ids: EntryIdentities | undefined;
  if (r) {
    try {
      ids = entryIdentities(doc, r, await datasetDigest(r.dataset.path));
    } catch {
      ids = undefined; // without the dataset there is no current identity; the newest run is shown, as stale
    }
  }
  const run = latestRun(doc.file, entry, ids?.fingerprint);
  return run ? { ...run, current: ids !== undefined && run.fingerprint === ids.fingerprint && run.figures === ids.figures } : undefined;
}
