// A stored run's per-problem counts with answer clusters, read from its samples.jsonl: what whole curves and
// comparisons need, since summary.json keeps figures only at the recipe's k values and the top answers only.
// Samples are tallied and clustered exactly as the run's own summary was (./summarize-stored-run, ./tally-counts).
import type { LoadedRun } from '../runs/find-runs';
import type { ProblemCounts } from '../stats';
import { tallyStoredRun, type StoredTallies } from './summarize-stored-run';
import { tallyCounts } from './tally-counts';

export function runCounts(run: LoadedRun, tallied: StoredTallies = tallyStoredRun(run)): ProblemCounts[] {
  return tallied.problems.map((p) => tallyCounts(tallied.tallies.get(p.id), p.id, run.manifest.grader.compare));
}
