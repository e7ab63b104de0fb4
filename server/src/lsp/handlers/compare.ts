// `passk/compare`: runs side by side for the editor's "passk: Compare Runs…", the same comparison as
// `passk compare` (stats/compareRuns.ts) over run folders the client picked. Never calls a model.
import * as path from 'node:path';
import { loadRun } from '../../eval';
import type { CompareParams, CompareResult } from '../../protocol/requests';
import { compareRuns, type CompareInput } from '../../stats';
import { countsOf, CURVE_BUDGET, curvesAffordable, READ_LIMIT } from './run-files';

export async function compare(raw: unknown): Promise<CompareResult> {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<CompareParams>;
  const dirs = Array.isArray(p.runDirs) ? p.runDirs.filter((d): d is string => typeof d === 'string') : [];
  if (dirs.length < 2) return { title: 'passk comparison', problems: ['Pick at least two runs to compare.'] };
  const inputs: CompareInput[] = [];
  for (const [i, dir] of dirs.entries()) {
    const loaded = loadRun(dir);
    const run = loaded.value;
    if (!run) return { title: 'passk comparison', problems: loaded.problems.map((x) => x.message) };
    const counts = countsOf(run, dir);
    if (!counts || !curvesAffordable(counts)) {
      return { title: 'passk comparison', problems: [`${path.basename(dir)} is too large to compare in the editor (over ${READ_LIMIT / 1024 / 1024} MB of samples, or more than ${CURVE_BUDGET} problems × k values); compare it with \`passk compare\` on the command line.`] };
    }
    const label = Array.isArray(p.labels) && typeof p.labels[i] === 'string' ? p.labels[i] : `${run.manifest.entry} · ${run.manifest.model.name} (${path.basename(dir)})`;
    inputs.push({ label, counts });
  }
  const view = compareRuns(inputs);
  const problems = view.common === 0 ? ['The runs share no problem; there is nothing to pair.'] : [];
  return { title: `passk comparison — ${view.runs.map((r) => r.label).join(' vs ')}`, view: { kind: 'compare', compare: view }, problems };
}
