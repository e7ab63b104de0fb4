// Checks the row fields an evaluation names in `where` and `groupBy` against the first rows of its dataset, as
// check-datasets does for `question`, `id` and `answer.field`: a field no row has would filter out every problem
// (`where`) or put them all in one "(none)" group (`groupBy`), so it is an error at the name, with the closest
// field as a suggestion.
import { didYouMean } from '../text/did-you-mean';
import type { Problem, Span } from '../problems/problem';
import { getField } from '../datasets/dataset-row';
import { peekDataset, type DatasetFs } from '../datasets/peek-dataset';
import { PEEK_ROWS } from './check-datasets';
import type { CheckedValue } from './check-structure';
import type { RecipeDoc } from './model';

export function checkRowFields(doc: RecipeDoc, values: readonly CheckedValue[], problems: Problem[], fs?: DatasetFs): void {
  const named: { entry: string; field: string; span: Span; what: string }[] = [];
  for (const v of values) {
    const [section, entry, key, field] = v.path;
    if (section !== 'evaluate' || typeof entry !== 'string' || v.path.length < 3) continue;
    if (key === 'where' && typeof field === 'string' && v.path.length === 4) named.push({ entry, field, span: v.keySpan, what: '`where`' });
    else if (key === 'groupBy' && v.kind === 'string' && typeof v.node === 'object' && v.node !== null && 'value' in v.node && typeof v.node.value === 'string') {
      named.push({ entry, field: v.node.value, span: v.span, what: '`groupBy`' });
    }
  }
  for (const n of named) {
    const dataset = doc.datasets.get(doc.evaluate.get(n.entry)?.dataset.name ?? '');
    if (!dataset?.path) continue;
    const rows = peekDataset(dataset.path, PEEK_ROWS, fs).value.rows;
    if (!rows.length || rows.some((r) => getField(r.row, n.field) !== undefined)) continue;
    const keys = new Set<string>();
    for (const r of rows) if (r.row && typeof r.row === 'object') for (const k of Object.keys(r.row)) keys.add(k);
    const suggestion = didYouMean(n.field, keys);
    problems.push({
      code: 'recipe/dataset-missing-field',
      severity: 'error',
      message: `The ${n.what} field "${n.field}" is not in the first ${rows.length} rows of ${dataset.path}; fields there: ${[...keys].slice(0, 12).join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      span: n.span,
      data: { field: n.field, path: dataset.path, ...(suggestion ? { suggestion } : {}) },
    });
  }
}
