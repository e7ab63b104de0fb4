// `passk/compare`: runs side by side for the editor's "passk: Compare Runs…", the same comparison as
// `passk compare` (stats/compareRuns.ts) over run folders the client picked. Never calls a model.
import * as path from 'node:path';
import type { RunViewCache } from '../../insights';
import type { CompareParams, CompareResult } from '../../protocol/requests';
import { compareRuns, powerOfTwoKs, type CompareInput } from '../../stats';
import { countsOf, curvesAffordable, READ_LIMIT } from './run-files';
import { datasetMismatch } from '../../eval/dataset-mismatch';
import type { RunManifest } from '../../runs/run-manifest';

/** Most problems × k values the editor pairs on its thread when thinned (about 8 s of exact maj@k at worst). */
const THIN_BUDGET = 40_000;

export async function compare(cache: RunViewCache, raw: unknown): Promise<CompareResult> {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<CompareParams>;
  const dirs = Array.isArray(p.runDirs) ? p.runDirs.filter((d): d is string => typeof d === 'string') : [];
  if (dirs.length < 2) return { title: 'passk comparison', problems: ['Pick at least two runs to compare.'] };
  const inputs: (CompareInput & { manifest: RunManifest })[] = [];
  let thin = false;
  for (const [i, dir] of dirs.entries()) {
    const loaded = cache.loadRun(dir);
    const run = loaded.value;
    if (!run) return { title: 'passk comparison', problems: loaded.problems.map((x) => x.message) };
    const counts = countsOf(run, dir);
    // Past the curve budget the comparison thins to powers of two (a GSM8K run of 1 319 × 64 pairs at 7 values
    // of k); only a run whose samples file is too large to read on the server's thread is refused.
    if (!counts || !curvesAffordable(counts, powerOfTwoKs, THIN_BUDGET)) {
      return { title: 'passk comparison', problems: [`${path.basename(dir)} is too large to compare in the editor (over ${READ_LIMIT / 1024 / 1024} MB of samples, or more than ${THIN_BUDGET} problems × k values); compare it with \`passk compare\` on the command line.`] };
    }
    if (!curvesAffordable(counts)) thin = true;
    const label = Array.isArray(p.labels) && typeof p.labels[i] === 'string' ? p.labels[i] : `${run.manifest.entry} · ${run.manifest.model.name} (${path.basename(dir)})`;
    inputs.push({ label, counts, manifest: run.manifest });
  }
  const view = compareRuns(inputs, thin ? { ks: powerOfTwoKs } : {});
  const problems = view.common === 0 ? ['The runs share no problem; there is nothing to pair.'] : [];
  const mismatch = datasetMismatch(inputs);
  if (mismatch) problems.push(mismatch);
  if (thin && view.common > 0) problems.push('These runs are large, so the editor compares them at powers of two of k; `passk compare` on the command line compares at every k.');
  return { title: `passk comparison — ${view.runs.map((r) => r.label).join(' vs ')}`, view: { kind: 'compare', compare: view }, problems };
}
