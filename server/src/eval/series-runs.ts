// The runs of an evaluation's `series` (docs/recipe-format.md): one run folder per checkpoint, found by the
// identities the checkpoint's model gives the entry, exactly where `passk eval` put it. Each point says whether its
// run describes the recipe as it is now; a checkpoint without a run has no summary.
import * as path from 'node:path';
import type { Problem, Result } from '../problems/problem';
import { datasetDigest } from '../datasets/dataset-digest';
import type { RecipeDoc } from '../recipe/model';
import { runFolderName } from '../runs/fingerprint';
import { loadRun } from '../runs/find-runs';
import type { RunSummary } from '../runs/run-summary';
import { entryIdentities, resolveEntry, runsRoot } from './eval-plan';

export interface SeriesRun {
  model: string;
  value: number;
  runDir: string;
  summary?: RunSummary;
  current: boolean;
}

export interface SeriesRuns {
  entry: string;
  label: string;
  points: SeriesRun[];
}

export async function seriesRuns(doc: RecipeDoc, entry: string): Promise<Result<SeriesRuns | undefined>> {
  const def = doc.evaluate.get(entry);
  if (!def?.series) return { value: undefined, problems: [] };
  const problems: Problem[] = [];
  const points: SeriesRun[] = [];
  for (const p of def.series.points) {
    const r = resolveEntry(doc, entry, p.model.name);
    problems.push(...r.problems);
    if (!r.value) continue;
    let digest: string;
    try {
      digest = await datasetDigest(r.value.dataset.path);
    } catch {
      problems.push({ code: 'eval/dataset-unreadable', severity: 'error', message: `The dataset file ${r.value.dataset.path} cannot be read.` });
      return { value: undefined, problems };
    }
    const ids = entryIdentities(doc, r.value, digest);
    const runDir = path.join(runsRoot(doc.file), 'eval', runFolderName(entry, ids.fingerprint));
    const loaded = loadRun(runDir).value;
    const summary = loaded?.summary;
    points.push({ model: p.model.name, value: p.value, runDir, ...(summary ? { summary } : {}), current: summary !== undefined && loaded!.manifest.figures === ids.figures });
  }
  return { value: { entry, label: def.series.label, points }, problems };
}
