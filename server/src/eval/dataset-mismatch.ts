// Runs are paired problem by problem through their ids, so runs over different dataset content pair unrelated
// problems whose ids happen to agree (line numbers, say). Such a comparison is still allowed (a cleaned-up copy
// of a test set keeps its ids), but it must say so next to its figures.
import type { RunManifest } from '../runs/run-manifest';

/** A sentence naming the runs whose dataset content differs from the first run's, or undefined when all agree. */
export function datasetMismatch(runs: readonly { label: string; manifest: Pick<RunManifest, 'dataset'> }[]): string | undefined {
  const first = runs[0];
  if (!first) return undefined;
  const others = runs.slice(1).filter((r) => r.manifest.dataset.sha256 !== first.manifest.dataset.sha256);
  if (others.length === 0) return undefined;
  const named = others.map((r) => `${r.label} (${r.manifest.dataset.name} sha256 ${r.manifest.dataset.sha256.slice(0, 12)})`).join(', ');
  return `The runs read different dataset content: ${named} against the baseline's ${first.manifest.dataset.name} sha256 ${first.manifest.dataset.sha256.slice(0, 12)}; problems are paired by id only, so a pair may be two different problems.`;
}
