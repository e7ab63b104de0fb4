// What the editor's views read from a run's samples.jsonl beyond its summary: the whole curves and the counts
// a comparison pairs. The server answers every request on one thread, so a samples file above READ_LIMIT is not
// read for them: the report then draws the recipe's k values, and a comparison says why it cannot be made here
// (`passk compare` on the command line has no such limit).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCounts, type LoadedRun } from '../../eval';
import type { ReportFigure } from '../../report/report-data';
import { wholeCurve } from '../../report/whole-curve';
import { SAMPLES } from '../../runs/run-manifest';
import type { ProblemCounts } from '../../stats';

export const READ_LIMIT = 32 * 1024 * 1024;

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
  return counts ? wholeCurve(counts) : [];
}
