// SFT rows as a Parquet file, for a synthesis whose `output` ends in `.parquet` (docs/recipe-format.md,
// "Datasets"): hubs and training libraries load Parquet directly. Each top-level key of the rows is a column,
// in first-seen order; a column of only strings, only numbers or only booleans keeps that type, and any other
// column (`messages`, `meta`, a mix) is stored as JSON text with Parquet's JSON annotation, which readers such
// as hyparquet and pandas turn back into values.
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';

type Kind = 'STRING' | 'DOUBLE' | 'BOOLEAN' | 'JSON';

function kindOf(values: readonly unknown[]): Kind {
  let kind: Kind | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const k: Kind = typeof v === 'string' ? 'STRING' : typeof v === 'number' && Number.isFinite(v) ? 'DOUBLE' : typeof v === 'boolean' ? 'BOOLEAN' : 'JSON';
    if (kind && kind !== k) return 'JSON';
    kind = k;
  }
  return kind ?? 'STRING';
}

/** The Parquet bytes of `jsonl` (one SFT row a line, as the JSONL export writes them). */
export function sftRowsToParquet(jsonl: string): Buffer {
  const rows = jsonl.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) names.push(k), seen.add(k);
  const columnData: ColumnSource[] = names.map((name) => {
    const values = rows.map((r) => r[name] ?? null);
    // The writer stores a JSON column as annotated text, so a column holding both objects and strings stays valid.
    return { name, data: values as ColumnSource['data'], type: kindOf(values), nullable: true };
  });
  const buf = parquetWriteBuffer({ columnData });
  return Buffer.from(buf);
}
