// The arithmetic of a synthesis target: a run makes at most (seed problems × perSeed) candidates, and the filters
// only remove some of them, so a `count` above that product can never be reached and the run ends short of it
// without saying why. The seed file's rows are counted (JSONL only, up to a size bound, cached by modification
// time and size) so the warning can give the numbers and the perSeed that would suffice.
import type { Problem } from '../problems/problem';
import { nodeDatasetFs, type DatasetFs } from '../datasets/peek-dataset';
import type { CheckedValue } from './check-structure';
import type { RecipeDoc } from './model';

/** Seed files larger than this are not counted on every keystroke; the run itself still reports the shortfall. */
const MAX_COUNT_BYTES = 64 * 1024 * 1024;

const cache = new Map<string, { key: string; rows: number }>();

function jsonlRows(file: string, fs: DatasetFs): number | undefined {
  if (!/\.jsonl$/i.test(file)) return undefined;
  const st = fs.stat(file);
  if (!st || st.size > MAX_COUNT_BYTES) return undefined;
  const key = `${st.mtimeMs}:${st.size}`;
  const hit = cache.get(file);
  if (hit?.key === key) return hit.rows;
  let rows = 0;
  for (const line of fs.readHead(file, st.size).split('\n')) if (line.trim()) rows++;
  cache.set(file, { key, rows });
  return rows;
}

export function checkSynthCount(doc: RecipeDoc, values: readonly CheckedValue[], problems: Problem[], fs: DatasetFs = nodeDatasetFs): void {
  for (const def of doc.synthesize.values()) {
    if (def.count === undefined) continue;
    const seeds = doc.datasets.get(def.seeds.name);
    if (!seeds?.path) continue;
    const rows = jsonlRows(seeds.path, fs);
    if (rows === undefined || rows === 0) continue;
    const most = rows * def.perSeed;
    if (most >= def.count) continue;
    const span = values.find((v) => v.path.length === 3 && v.path[0] === 'synthesize' && v.path[1] === def.name && v.path[2] === 'count')?.span;
    if (!span) continue;
    const need = Math.ceil(def.count / rows);
    problems.push({
      code: 'recipe/count-unreachable',
      severity: 'warning',
      message: `count ${def.count} cannot be reached: ${rows} seed problems × perSeed ${def.perSeed} make at most ${most} candidates, before any filter rejects one. Set perSeed to at least ${need} (more, since filters reject some), or lower count.`,
      span,
      data: { seeds: rows, perSeed: def.perSeed, most, needPerSeed: need },
    });
  }
}
