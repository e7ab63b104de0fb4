// latestRunFor: the run the editor should show for an evaluation entry. A run of the recipe as it is now (same
// fingerprint) wins; otherwise the newest run of the entry, which the editor can label as stale.
import * as fs from 'node:fs';
import type { RecipeDoc } from '../recipe/model';
import { latestRun, type RunInfo } from '../runs/find-runs';
import { entryFingerprint, resolveEntry } from './eval-plan';

export interface LatestRun extends RunInfo {
  /** True when the run was made with the recipe as it is now (same model, prompt, parameters, dataset). */
  current: boolean;
}

export function latestRunFor(doc: RecipeDoc, entry: string): LatestRun | undefined {
  const r = resolveEntry(doc, entry).value;
  let fingerprint: string | undefined;
  if (r) {
    try {
      fingerprint = entryFingerprint(doc, r, fs.readFileSync(r.dataset.path));
    } catch {
      fingerprint = undefined; // without the dataset there is no current fingerprint; the newest run is shown
    }
  }
  const run = latestRun(doc.file, entry, fingerprint);
  return run ? { ...run, current: run.fingerprint === fingerprint } : undefined;
}
