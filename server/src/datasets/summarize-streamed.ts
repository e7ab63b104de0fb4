// The hover summary for datasets that are not one plain JSON text file: Parquet, CSV/TSV, compressed text and
// folders or globs of shards. Parquet rows are counted from each footer; other rows are counted by streaming
// them (the stream hands the event loop back between chunks) up to a cap past which the count is a lower bound.
// The first row and the first reading problem come from the same pass.
import type { Problem, Result } from '../problems/problem';
import type { DatasetRow, DatasetSpec } from './dataset-row';
import { listDatasetFiles, shardName, type DatasetFiles } from './dataset-files';
import { detectFormat, unreadableFormat, type DatasetFormat } from './dataset-format';
import { fileRows, readMagic } from './read-dataset';
import { parquetFooterSync } from './read-parquet';

/** Rows streamed for a count; a dataset with more shows "≥ N". */
export const SUMMARY_COUNT_ROWS = 200_000;

export interface StreamedSummary {
  rows: number;
  atLeast: boolean;
  first?: DatasetRow;
  format?: DatasetFormat;
  files: number;
  /** The first problem met while reading, for the hover to show. */
  problem?: Problem;
}

export async function summarizeStreamed(spec: DatasetSpec & { path: string }, listed: DatasetFiles, signal?: AbortSignal, countRows = SUMMARY_COUNT_ROWS): Promise<Result<StreamedSummary>> {
  const problems: Problem[] = [...listDatasetFiles(spec.path).problems];
  let rows = 0;
  let streamed = 0;
  let atLeast = false;
  let first: DatasetRow | undefined;
  let format: DatasetFormat | undefined;
  for (const file of listed.files) {
    if (signal?.aborted) {
      atLeast = true;
      break;
    }
    let info;
    try {
      const detected = detectFormat(file, await readMagic(file));
      problems.push(...detected.problems);
      info = detected.value;
    } catch (e) {
      problems.push(unreadableFormat(file, 'json', e));
    }
    if (!info) continue;
    format ??= info.format;
    // Rows and problems of a shard are named as a run names them: the shard and its row.
    const shard = listed.many ? shardName(listed, file) : undefined;
    const named = (row: DatasetRow): DatasetRow => (shard !== undefined && !spec.id ? { ...row, id: `${shard}:${row.line + 1}` } : row);
    const fileProblems: Problem[] = [];
    try {
      if (info.format === 'parquet') {
        rows += Number(parquetFooterSync(file).num_rows);
        if (!first) for await (const row of fileRows(file, info, spec, fileProblems, { limit: 1 })) {
          first = named(row);
          break;
        }
      } else if (atLeast) {
        // Past the cap, later text shards are not read at all; the count is already a lower bound.
      } else {
        for await (const row of fileRows(file, info, spec, fileProblems, signal ? { signal } : {})) {
          first ??= named(row);
          rows++;
          if (++streamed >= countRows) {
            atLeast = true;
            break;
          }
        }
      }
    } catch (e) {
      fileProblems.push(unreadableFormat(file, info.format, e));
    }
    for (const p of fileProblems) if (p.code !== 'dataset/missing-field') problems.push(shard !== undefined ? { ...p, message: `${shard}: ${p.message}` } : p);
  }
  const problem = problems[0];
  return { value: { rows, atLeast, files: listed.files.length, ...(first ? { first } : {}), ...(format ? { format } : {}), ...(problem ? { problem } : {}) }, problems };
}
