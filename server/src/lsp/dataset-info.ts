// What a hover on a dataset shows: how many rows the file has and its first row. The summary reads a capped
// head and counts rows in chunks up to a cap (datasets/summarize-dataset.ts), so a hover never parses a whole
// file on the message loop; it is cached by path, size and modification time.
import * as fs from 'node:fs';
import { listDatasetFiles, summarizeDataset, type DatasetSummary } from '../datasets';
import type { DatasetDef } from '../recipe/model';

const cache = new Map<string, { key: string; info: Promise<DatasetSummary> }>();
const MISSING: DatasetSummary = { exists: false, rows: 0, atLeast: false, broken: 0, sampled: 0 };

export function datasetInfo(def: DatasetDef): Promise<DatasetSummary> {
  let key: string;
  try {
    // A folder or glob is keyed by every shard's name, size and modification time.
    const files = listDatasetFiles(def.path).value.files;
    if (!files.length) return Promise.resolve(MISSING);
    const stamps = files.map((f) => {
      const st = fs.statSync(f);
      return `${f}:${st.size}:${st.mtimeMs}`;
    });
    key = `${stamps.join('|')}:${def.question}:${def.answer.field}:${def.id ?? ''}`;
  } catch {
    return Promise.resolve(MISSING);
  }
  const hit = cache.get(def.path);
  if (hit && hit.key === key) return hit.info;
  const info = summarizeDataset({ path: def.path, question: def.question, id: def.id, answer: { field: def.answer.field } }).then((r) => r.value);
  if (cache.size > 64) cache.delete(cache.keys().next().value as string);
  cache.set(def.path, { key, info });
  return info;
}
