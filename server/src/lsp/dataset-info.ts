// What a hover on a dataset shows: how many rows the file has and its first problem. Counting rows reads the
// whole file, so the result is cached by path, size and modification time, and computed asynchronously so a
// large dataset never stalls the message loop.
import * as fs from 'node:fs';
import { readDataset } from '../datasets';
import type { DatasetDef } from '../recipe/model';

export interface DatasetInfo {
  exists: boolean;
  rows: number;
  /** Lines that are not valid JSON (skipped by runs). */
  broken: number;
  firstQuestion?: string;
  firstGold?: string;
  firstId?: string;
}

const cache = new Map<string, { key: string; info: Promise<DatasetInfo> }>();

export function datasetInfo(def: DatasetDef): Promise<DatasetInfo> {
  let key: string;
  try {
    const st = fs.statSync(def.path);
    if (!st.isFile()) return Promise.resolve({ exists: false, rows: 0, broken: 0 });
    key = `${st.size}:${st.mtimeMs}:${def.question}:${def.answer.field}:${def.id ?? ''}`;
  } catch {
    return Promise.resolve({ exists: false, rows: 0, broken: 0 });
  }
  const hit = cache.get(def.path);
  if (hit && hit.key === key) return hit.info;
  const info = readDataset({ path: def.path, question: def.question, id: def.id, answer: { field: def.answer.field } }).then((r) => {
    const first = r.value[0];
    return {
      exists: true,
      rows: r.value.length,
      broken: r.problems.filter((p) => p.code === 'dataset/bad-json').length,
      firstQuestion: first?.question,
      firstGold: first?.gold,
      firstId: first?.id,
    };
  });
  if (cache.size > 64) cache.delete(cache.keys().next().value as string);
  cache.set(def.path, { key, info });
  return info;
}
