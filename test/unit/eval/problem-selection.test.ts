// Row selection for evaluations: `where` by printed value, a seeded `sample` independent of file order, few-shot
// examples that are never evaluated problems, and positioned errors for row fields no row has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { drawExamples, sampleRows, whereRows } from '../../../server/src/eval/problem-selection';
import { analyzeRecipe } from '../../../server/src/recipe';
import type { DatasetRow } from '../../../server/src/datasets/dataset-row';
import { dataDir } from '../../helpers/paths';

const row = (id: string, fields: Record<string, unknown>, question = `Question ${id}?`): DatasetRow =>
  ({ index: 0, id, line: 0, offset: 0, length: 0, question, gold: `#### ${id}`, row: fields });
const rows = Array.from({ length: 40 }, (_, i) => row(String(i), { type: i % 2 ? 'Algebra' : 'Geometry', level: `Level ${(i % 5) + 1}`, hard: i % 3 === 0, n: i }));

test('where keeps rows whose every field has one of the listed values, comparing printed values', () => {
  const algebra45 = whereRows(rows, { type: ['Algebra'], level: ['Level 4', 'Level 5'] });
  assert.deepEqual(algebra45.map((r) => r.id), rows.filter((_r, i) => i % 2 === 1 && i % 5 >= 3).map((r) => r.id));
  assert.deepEqual(whereRows(rows, { hard: ['true'], n: [3, '6', 7] }).map((r) => r.id), ['3', '6']);
  assert.deepEqual(whereRows(rows, { missing: ['x'] }), []);
});

test('sample: n rows by seed, in file order, the same whatever order the file lists them in', () => {
  const a = sampleRows(rows, 7, 1);
  assert.equal(a.length, 7);
  assert.deepEqual(a.map((r) => Number(r.id)), [...a.map((r) => Number(r.id))].sort((x, y) => x - y));
  const reversed = sampleRows([...rows].reverse(), 7, 1);
  assert.deepEqual(reversed.map((r) => r.id).sort(), a.map((r) => r.id).sort());
  assert.notDeepEqual(sampleRows(rows, 7, 2).map((r) => r.id), a.map((r) => r.id));
  assert.equal(sampleRows(rows, 100, 1).length, 40);
});

test('few-shot examples exclude evaluated ids in the same file and evaluated questions in any file', () => {
  const evaluated = rows.slice(0, 30);
  const ids = new Set(evaluated.map((r) => r.id));
  const questions = new Set(evaluated.map((r) => r.question.toLowerCase()));
  const same = drawExamples(rows, 5, 9, { ids, questions }, true);
  assert.equal(same.length, 5);
  assert.ok(same.every((e) => Number(e.id) >= 30));
  // Another file with a reformatted copy of an evaluated question: that row is never drawn.
  const other = [row('0', {}, '  question 3? '), ...Array.from({ length: 5 }, (_, i) => row(String(i + 1), {}, `Other ${i}?`))];
  const drawn = drawExamples(other, 10, 9, { ids, questions: new Set(evaluated.map((r) => r.question.replace(/\s+/g, ' ').trim().toLowerCase())) }, false);
  assert.deepEqual(drawn.map((e) => e.id).sort(), ['1', '2', '3', '4', '5']);
  assert.deepEqual(drawn[0]!.answer, `#### ${drawn[0]!.id}`);
});

test('a where or groupBy field that no row has is an error at its name, with the closest field', () => {
  const file = path.join(dataDir, 'x.recipe.yaml');
  const text = `passk: 1
models: { m: { baseUrl: "http://127.0.0.1:9/v1", model: x } }
datasets: { math: { path: math/test.jsonl, question: problem, answer: { field: solution, extract: boxed } } }
prompts: { p: "{{ question }}" }
evaluate:
  e: { model: m, dataset: math, prompt: p, where: { typ: Algebra, level: Level 1 }, groupBy: [type, levels] }
`;
  const problems = analyzeRecipe(text, { file, env: {} }).problems.filter((p) => p.code === 'recipe/dataset-missing-field');
  assert.deepEqual(problems.map((p) => [text.slice(p.span!.start, p.span!.end), p.severity, p.data?.['suggestion']]), [
    ['typ', 'error', 'type'],
    ['levels', 'error', 'level'],
  ]);
});
