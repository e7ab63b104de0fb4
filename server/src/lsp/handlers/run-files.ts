// What the editor's views read from a run's samples.jsonl beyond its summary: the whole curves and the counts
// a comparison pairs. The server answers every request on one thread, so a samples file above READ_LIMIT is not
// read for them, and whole curves are drawn only while problems × k values stay under CURVE_BUDGET (exact maj@k
// is a dynamic programme per problem and k, about 0.2 ms each; bench/views.js): otherwise the report draws the
// recipe's k values and a comparison says why it cannot be made here (`passk compare` and `passk report --html`
// on the command line have no such limit).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCounts, type LoadedRun } from '../../eval';
import type { ReportFigure } from '../../report/report-data';
import { wholeCurve } from '../../report/whole-curve';
import { SAMPLES } from '../../runs/run-manifest';
import { curveKs, type ProblemCounts } from '../../stats';

export const READ_LIMIT = 32 * 1024 * 1024;
/** Most problems × curve k values computed on the server's thread (about a second of maj@k). */
export const CURVE_BUDGET = 5000;

/** Whether curves at the k values `ks` gives (default: the whole curve) fit `budget` problems × k values. */
export function curvesAffordable(counts: readonly ProblemCounts[], ks: (n: number) => number[] = curveKs, budget = CURVE_BUDGET): boolean {
  const n = counts.reduce((m, c) => Math.max(m, c.n), 0);
  return counts.length * ks(n).length <= budget;
}

export function samplesReadable(runDir: string): boolean {
  try {
    const st = fs.lstatSync(path.join(runDir, SAMPLES));
    return st.isFile() && st.size <= READ_LIMIT;
  } catch {
    return false;
  }
}

export function countsOf(run: LoadedRun, runDir: string): ProblemCounts[] | undefined {
  return samplesReadable(runDir) ? runCounts(run) : undefined;
}

export function curveOf(run: LoadedRun, runDir: string): ReportFigure[] {
  const counts = countsOf(run, runDir);
  return counts && curvesAffordable(counts) ? wholeCurve(counts) : [];
}
