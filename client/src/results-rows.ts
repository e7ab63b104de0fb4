// The rows of the results view as plain data: which rows a filter keeps and how a row's figure reads. Kept free
// of VS Code so it can be tested on its own.
import { deltaText } from '../../server/src/insights/baseline-deltas';
import type { DatasetResultRow } from '../../server/src/protocol/requests';

export type ResultsFilter = 'all' | 'never-solved' | 'unstable' | 'regressed';

export const FILTER_LABELS: Record<ResultsFilter, string> = {
  all: 'All problems',
  'never-solved': 'Never solved',
  unstable: 'Unstable (solved in under half the samples)',
  regressed: 'Regressed against the baseline',
};

/** The rows a filter keeps, in the server's order (pass@1 ascending). */
export function filterRows(rows: readonly DatasetResultRow[], filter: ResultsFilter): DatasetResultRow[] {
  return filter === 'all' ? [...rows] : rows.filter((r) => r.flags.includes(filter));
}

/** `0.31 ▼0.25`: pass@1 with its change against the baseline, as the dataset line shows it. */
export function figureText(row: DatasetResultRow): string {
  const d = row.delta;
  const text = d === undefined ? '=' : deltaText(row.passAt1, row.passAt1 - d);
  const change = text === '=' ? '' : ` ${text}`;
  return `${row.passAt1.toFixed(2)}${change}`;
}

