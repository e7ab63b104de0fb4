// What the editor keeps between refreshes of run results: one incremental sample index per run folder (a few,
// least recently used dropped first) and the evaluation plan of each recipe version (its problems' dataset
// lines and gold answers), re-made only when the recipe or its dataset file changes. With both, a live refresh
// costs the samples appended since the last one plus the statistics, not a re-read of the whole run.
import * as fs from 'node:fs';
import type { Result } from '../problems/problem';
import { planEvaluation, resolveEntry, type EvalPlan } from '../eval';
import type { RecipeDoc } from '../recipe/model';
import { RunSampleIndex } from './run-sample-index';

const MAX_INDEXES = 6;

export class RunViewCache {
  private readonly indexes = new Map<string, RunSampleIndex>();
  private readonly plans = new WeakMap<RecipeDoc, Map<string, { key: string; plan: Promise<Result<EvalPlan | undefined>> }>>();

  /** The index of `runDir`, brought up to date with the samples appended since the last call. */
  index(runDir: string): RunSampleIndex {
    let idx = this.indexes.get(runDir);
    if (idx) this.indexes.delete(runDir);
    else idx = new RunSampleIndex(runDir);
    this.indexes.set(runDir, idx);
    while (this.indexes.size > MAX_INDEXES) this.indexes.delete(this.indexes.keys().next().value as string);
    idx.update();
    return idx;
  }

  /** The plan of `entry` for this recipe version and dataset file state. */
  plan(doc: RecipeDoc, entry: string): Promise<Result<EvalPlan | undefined>> {
    const ds = resolveEntry(doc, entry).value?.dataset.path;
    let key = 'none';
    try {
      if (ds) {
        const st = fs.statSync(ds);
        key = `${st.size}:${st.mtimeMs}`;
      }
    } catch {
      key = 'unreadable';
    }
    let byEntry = this.plans.get(doc);
    if (!byEntry) this.plans.set(doc, (byEntry = new Map()));
    const hit = byEntry.get(entry);
    if (hit && hit.key === key) return hit.plan;
    const plan = planEvaluation(doc, entry, undefined);
    byEntry.set(entry, { key, plan });
    return plan;
  }
}
