// Which dataset rows an evaluation covers and which rows serve as its few-shot examples (docs/recipe-format.md):
// `where` keeps rows whose fields have the listed values, `sample` takes a seeded random subset, and `fewShot`
// draws worked examples that are never among the evaluated problems. Seeded picks rank rows by a hash of the
// seed and the row's id, so the same seed picks the same problems whatever order the file lists them in, and a
// row added to the file does not reshuffle the others.
import { createHash } from 'node:crypto';
import { getField, type DatasetRow } from '../datasets/dataset-row';

type Scalar = string | number | boolean;

/** A row field's value matches an allowed value when both print the same (`5` and `"5"`, `true` and `"true"`). */
function matches(value: unknown, allowed: readonly Scalar[]): boolean {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  const text = String(value);
  return allowed.some((a) => String(a) === text);
}

/** The rows whose every `where` field has one of its values. */
export function whereRows<T extends Pick<DatasetRow, 'row'>>(rows: readonly T[], where: Readonly<Record<string, readonly Scalar[]>>): T[] {
  const fields = Object.entries(where);
  return rows.filter((r) => fields.every(([field, allowed]) => matches(getField(r.row, field), allowed)));
}

function rank(seed: number, id: string): string {
  return createHash('sha256').update(`${seed}\0${id}`).digest('hex');
}

/** `n` rows picked by seed, in their file order. */
export function sampleRows<T extends Pick<DatasetRow, 'id'>>(rows: readonly T[], n: number, seed: number): T[] {
  if (n >= rows.length) return [...rows];
  const ranked = rows.map((r, i) => ({ i, key: rank(seed, r.id) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const keep = new Set(ranked.slice(0, n).map((x) => x.i));
  return rows.filter((_, i) => keep.has(i));
}

/** Whitespace-insensitive question text, so a reformatted copy of an evaluated problem is still recognised. */
export function questionKey(q: string): string {
  return q.replace(/\s+/g, ' ').trim().toLowerCase();
}

export interface FewShotExample {
  question: string;
  answer: string;
  id: string;
  row: unknown;
}

/**
 * `n` examples drawn by seed from `pool`, none of which is an evaluated problem: not the same id when the pool is
 * the evaluated file itself, and never the same question text.
 */
export function drawExamples(pool: readonly DatasetRow[], n: number, seed: number, evaluated: { ids: ReadonlySet<string>; questions: ReadonlySet<string> }, sameFile: boolean): FewShotExample[] {
  const allowed = pool.filter((r) => !(sameFile && evaluated.ids.has(r.id)) && !evaluated.questions.has(questionKey(r.question)));
  // Ranked order (not file order): the examples are a random draw, shown in the order they were drawn.
  const ranked = allowed.map((r) => ({ r, key: rank(seed, r.id) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return ranked.slice(0, n).map(({ r }) => ({ question: r.question, answer: r.gold, id: r.id, row: r.row }));
}
