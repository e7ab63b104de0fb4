// The field names a dataset's rows offer, for completing `question`, `id` and `answer.field`: Parquet columns
// from the schema, and for text formats the keys of the first rows, with nested objects as dotted paths
// (`meta.gold.value`), since those are what a recipe may name (docs/recipe-format.md, "Datasets").
import type { DatasetPeek } from './peek-dataset';

const MAX_DEPTH = 4;
const MAX_FIELDS = 200;

function addPaths(value: unknown, prefix: string, depth: number, out: Set<string>): void {
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth > MAX_DEPTH) return;
  for (const [k, v] of Object.entries(value)) {
    if (out.size >= MAX_FIELDS) return;
    const p = prefix ? `${prefix}.${k}` : k;
    out.add(p);
    addPaths(v, p, depth + 1, out);
  }
}

/** Field paths in first-seen order: top-level keys and, after each object key, its nested paths. */
export function datasetFieldNames(peek: DatasetPeek): string[] {
  if (peek.columns) return peek.columns.map((c) => c.path).slice(0, MAX_FIELDS);
  const out = new Set<string>();
  for (const r of peek.rows) addPaths(r.row, '', 0, out);
  return [...out];
}
