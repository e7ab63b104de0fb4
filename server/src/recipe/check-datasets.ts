// Checks each dataset entry against its file: the file exists, its first rows parse, the field names the
// recipe gives (question, id, answer.field) occur in them, and the gold extraction finds an answer in them
// (`extract: gsm8k` on MATH would make every gold ""). Only the head of each file is read (cached by mtime and
// size), so this stays cheap enough to run on every keystroke.
import { extractGold } from '../answers/extractAnswer';
import { didYouMean } from '../text/did-you-mean';
import type { Problem, Span } from '../problems/problem';
import { getField } from '../datasets/dataset-row';
import { columnHasField, peekDataset, type DatasetFs } from '../datasets/peek-dataset';
import type { ColumnPath } from '../datasets/read-parquet';
import type { CheckedValue } from './check-structure';
import type { DatasetDef, RecipeDoc } from './model';

/** How many rows of each dataset the validator looks at. */
export const PEEK_ROWS = 20;

export function checkDatasets(doc: RecipeDoc, values: readonly CheckedValue[], problems: Problem[], fs?: DatasetFs): void {
  // The first value at each path under `datasets`, indexed once: a search of every value per dataset field
  // made large recipes quadratic. JSON keeps the segments' types apart (a key "1" is not an index 1).
  const byPath = new Map<string, Span>();
  for (const v of values) {
    if (v.path[0] !== 'datasets') continue;
    const key = JSON.stringify(v.path);
    if (!byPath.has(key)) byPath.set(key, v.span);
  }
  const spanOf = (name: string, ...rest: string[]): Span | undefined => byPath.get(JSON.stringify(['datasets', name, ...rest]));
  // Entries that read the same file (splits of one set, ablations over one file) see the same head rows, so each
  // gold answer is extracted once per mode for the whole recipe instead of once per entry.
  const goldCache = new Map<string, boolean>();
  const hasGold: HasGold = (text, mode) => {
    const key = `${mode}\u0000${text}`;
    let found = goldCache.get(key);
    if (found === undefined) goldCache.set(key, (found = (extractGold(text, mode).answer ?? '').trim() !== ''));
    return found;
  };
  for (const d of doc.datasets.values()) {
    const pathSpan = spanOf(d.name, 'path');
    if (!d.path || !pathSpan) continue;
    const peek = peekDataset(d.path, PEEK_ROWS, fs);
    if (!peek.value.exists) {
      problems.push({
        code: 'recipe/dataset-not-found',
        severity: 'error',
        message: peek.value.files === 0
          ? `No dataset file matches ${d.path} (a folder or glob names .jsonl, .json, .parquet, .csv or .tsv files, optionally .gz or .zst).`
          : `The dataset file ${d.path} does not exist (paths are relative to the recipe's folder).`,
        span: pathSpan,
        data: { path: d.path },
      });
      continue;
    }
    for (const p of peek.problems) {
      if (p.code === 'dataset/bad-format') {
        problems.push({ code: 'recipe/dataset-bad-format', severity: 'error', message: p.message, span: pathSpan, ...(p.file ? { related: [{ message: p.message, file: p.file, span: { start: 0, end: 0 } }] } : {}), data: { path: p.file ?? d.path } });
        continue;
      }
      const line = typeof p.data?.['line'] === 'number' ? (p.data['line'] as number) : undefined;
      problems.push({
        code: p.code === 'dataset/bad-json' ? 'recipe/dataset-bad-json' : 'recipe/dataset-unreadable',
        severity: 'warning',
        message: line !== undefined ? `Line ${line + 1} of the dataset file is not valid JSON; that row will be skipped.` : p.message,
        span: pathSpan,
        ...(p.span ? { related: [{ message: p.message, file: d.path, span: p.span }] } : {}),
        data: { path: d.path, ...(line !== undefined ? { line } : {}) },
      });
    }
    if (peek.problems.some((p) => p.code === 'dataset/bad-format')) continue;
    const columns = peek.value.columns;
    if (columns) {
      checkColumns(d, columns, peek.value.rowCount ?? 0, spanOf, pathSpan, problems);
      continue;
    }
    const rows = peek.value.rows;
    if (!rows.length) {
      if (peek.value.complete && !peek.problems.length) problems.push(emptyDataset(d.path, pathSpan));
      continue;
    }
    const keys = new Set<string>();
    for (const r of rows) if (r.row && typeof r.row === 'object') for (const k of Object.keys(r.row)) keys.add(k);
    const fields: { field: string; span: Span | undefined; what: string }[] = [
      { field: d.question, span: spanOf(d.name, 'question'), what: 'question' },
      { field: d.answer.field, span: spanOf(d.name, 'answer', 'field'), what: 'answer' },
    ];
    if (d.id) fields.push({ field: d.id, span: spanOf(d.name, 'id'), what: 'id' });
    for (const f of fields) {
      if (!f.span) continue;
      const missing = rows.filter((r) => getField(r.row, f.field) === undefined);
      if (!missing.length) continue;
      const all = missing.length === rows.length;
      const suggestion = all ? didYouMean(f.field, keys) : undefined;
      problems.push({
        code: 'recipe/dataset-missing-field',
        severity: all ? 'error' : 'warning',
        message: all
          ? `The ${f.what} field "${f.field}" is not in the first ${rows.length} rows of ${d.path}; fields there: ${[...keys].slice(0, 12).join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`
          : `The ${f.what} field "${f.field}" is missing from ${missing.length} of the first ${rows.length} rows of ${d.path} (first at line ${missing[0]!.line + 1}).`,
        span: f.span,
        related: missing.slice(0, 3).map((r) => ({ message: `Row without "${f.field}".`, file: d.path, span: { start: r.offset, end: r.offset + r.length } })),
        data: { field: f.field, path: d.path, ...(suggestion ? { suggestion } : {}) },
      });
    }
    const at = spanOf(d.name, 'answer', 'extract') ?? spanOf(d.name, 'answer', 'field') ?? spanOf(d.name, 'answer');
    // An extract value that is already an error (a bad regex) is reported once, by the check that found it.
    if (at && !problems.some((p) => p.severity === 'error' && p.span && p.span.start < at.end && p.span.end > at.start)) checkGoldExtraction(d, rows, at, problems, hasGold);
  }
}

function emptyDataset(path: string, span: Span): Problem {
  return { code: 'recipe/dataset-empty', severity: 'error', message: `The dataset ${path} has no rows, so there is nothing to evaluate or seed from.`, span, data: { path } };
}

/**
 * Parquet: the field names are checked against the schema from the file's footer, because its rows are not
 * decoded while the user types. A field inside a list or JSON column cannot be told from the schema and passes.
 */
function checkColumns(d: DatasetDef, columns: readonly ColumnPath[], rowCount: number, spanOf: (name: string, ...rest: string[]) => Span | undefined, pathSpan: Span, problems: Problem[]): void {
  if (rowCount === 0) problems.push(emptyDataset(d.path, pathSpan));
  const fields: { field: string; span: Span | undefined; what: string }[] = [
    { field: d.question, span: spanOf(d.name, 'question'), what: 'question' },
    { field: d.answer.field, span: spanOf(d.name, 'answer', 'field'), what: 'answer' },
  ];
  if (d.id) fields.push({ field: d.id, span: spanOf(d.name, 'id'), what: 'id' });
  const names = columns.map((c) => c.path);
  for (const f of fields) {
    if (!f.span || columnHasField(columns, f.field)) continue;
    const suggestion = didYouMean(f.field, names);
    problems.push({
      code: 'recipe/dataset-missing-field',
      severity: 'error',
      message: `The ${f.what} field "${f.field}" is not a column of ${d.path}; columns there: ${names.slice(0, 12).join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      span: f.span,
      data: { field: f.field, path: d.path, ...(suggestion ? { suggestion } : {}) },
    });
  }
}

/** Modes suggested when the chosen one fails; `auto` and `none` are left out because they take the whole field. */
const SUGGESTED_MODES = ['gsm8k', 'boxed', 'answer-is', 'last-number'] as const;

/** Whether `mode` finds a non-empty gold answer in `text`. */
type HasGold = (text: string, mode: string) => boolean;

/** The gold answers a mode finds in the answer texts: how many are non-empty. */
function extracted(texts: readonly string[], mode: string, hasGold: HasGold): number {
  let found = 0;
  for (const t of texts) if (hasGold(t, mode)) found++;
  return found;
}

/**
 * Warns when the dataset's gold extraction finds no answer in most of the first rows that have an answer field:
 * every such problem would be graded against "" and count as unsolved. The warning names a mode that works on
 * those rows when there is one.
 */
function checkGoldExtraction(d: DatasetDef, rows: readonly { row: unknown; line: number; offset: number; length: number }[], at: Span, problems: Problem[], hasGold: HasGold): void {
  const texts: string[] = [];
  const withField: { line: number; offset: number; length: number; text: string }[] = [];
  for (const r of rows) {
    const v = getField(r.row, d.answer.field);
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    texts.push(String(v));
    withField.push({ line: r.line, offset: r.offset, length: r.length, text: String(v) });
  }
  if (texts.length === 0) return;
  const failing = withField.filter((r) => !hasGold(r.text, d.answer.extract));
  if (failing.length * 2 <= texts.length) return;
  let best: string | undefined;
  let bestFound = 0;
  for (const mode of SUGGESTED_MODES) {
    if (mode === d.answer.extract) continue;
    const found = extracted(texts, mode, hasGold);
    if (found > bestFound) [best, bestFound] = [mode, found];
  }
  const suggestion = best && bestFound * 2 > texts.length ? best : undefined;
  problems.push({
    code: 'recipe/gold-extraction-fails',
    severity: 'warning',
    message:
      `\`extract: ${d.answer.extract}\` finds no gold answer in ${failing.length} of the first ${texts.length} rows of ${d.path}; those problems would be graded against an empty answer.` +
      (suggestion ? ` \`extract: ${suggestion}\` finds one in ${bestFound} of them.` : ''),
    span: at,
    related: failing.slice(0, 3).map((r) => ({ message: `No gold answer found in "${d.answer.field}" on this row.`, file: d.path, span: { start: r.offset, end: r.offset + r.length } })),
    data: { path: d.path, extract: d.answer.extract, ...(suggestion ? { suggestion } : {}) },
  });
}
