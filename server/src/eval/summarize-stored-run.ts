// Summarises a run folder from its samples alone, for `passk report` on a run that was interrupted before it
// wrote summary.json (or to recompute one). Problems are those that have samples, in first-seen order; their
// gold answers and dataset lines are unknown without the recipe, so they stay empty (line −1).
import type { LoadedRun } from '../runs/find-runs';
import { addToTally, newTally, type ProblemTally } from '../runs/problem-tally';
import { RequestMap } from '../runs/request-map';
import type { RunSummary } from '../runs/run-summary';
import { summarizeRun, type ProblemInfo } from './summarize-run';

export interface StoredTallies {
  problems: ProblemInfo[];
  tallies: Map<string, ProblemTally>;
  tokens: { prompt: number; completion: number };
}

/** Streams a run's samples into per-problem tallies (the I/O half of summarising a stored run). */
export function tallyStoredRun(run: LoadedRun): StoredTallies {
  const tallies = new Map<string, ProblemTally>();
  const problems: ProblemInfo[] = [];
  const tokens = { prompt: 0, completion: 0 };
  const requests = new RequestMap(run.manifest.requests);
  for (const r of run.verdicts()) {
    // Samples beyond the manifest's count come from an earlier, larger setting of `samples`; figures use the first N.
    if (r.index >= run.manifest.samples) continue;
    for (const id of requests.idsFor(r)) {
      let t = tallies.get(id);
      if (!t) {
        tallies.set(id, (t = newTally(id)));
        problems.push({ id, line: -1, gold: '' });
      }
      if (addToTally(t, r)) {
        tokens.prompt += r.tokens?.prompt ?? 0;
        tokens.completion += r.tokens?.completion ?? 0;
      }
    }
  }
  return { problems, tallies, tokens };
}

export function summarizeStoredRun(run: LoadedRun, runDir: string, tallied: StoredTallies = tallyStoredRun(run)): RunSummary {
  const { problems } = tallied;
  const summary = summarizeRun({ manifest: run.manifest, runDir, ...tallied });
  // Problems without a single stored sample are invisible in the samples; the manifest still counts them.
  summary.missing += Math.max(0, run.manifest.problems - problems.length) * run.manifest.samples;
  summary.complete = summary.missing === 0;
  return summary;
}
