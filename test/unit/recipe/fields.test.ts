// Lookups the LSP uses on the field table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childFields, entryField, enumAllows, fieldAt, fieldKey, FIELDS } from '../../../server/src/recipe/fields';
import { ALL_TEMPLATE_VARIABLES, TEMPLATE_VARIABLE_DOCS } from '../../../server/src/recipe/template-contexts';

test('fieldAt resolves concrete paths through named entries and list indices', () => {
  assert.equal(fieldAt(['models', 'teacher', 'baseUrl'])?.path, 'models.*.baseUrl');
  assert.equal(fieldAt(['evaluate', 'e', 'k', 3])?.path, 'evaluate.*.k[]');
  assert.equal(fieldAt(['evaluate', 'e', 'grader', 'extract'])?.default, 'auto');
  assert.equal(fieldAt(['evaluate', 'e', 'nope']), undefined);
  assert.equal(fieldAt(['models', 0]), undefined);
});

test('childFields lists fixed keys in table order; entryField describes named entries', () => {
  assert.deepEqual(childFields([]).map(fieldKey), ['passk', 'name', 'description', 'models', 'datasets', 'prompts', 'synthesize', 'evaluate']);
  assert.deepEqual(childFields(['datasets', 'd']).map(fieldKey), ['path', 'question', 'id', 'answer']);
  assert.deepEqual(childFields(['models']), []);
  assert.equal(entryField(['models'])?.path, 'models.*');
  assert.equal(entryField(['evaluate', 'e', 'k'])?.path, 'evaluate.*.k[]');
});

test('every field has docs of one to three sentences, and references are marked', () => {
  for (const f of FIELDS) {
    const sentences = f.docs.split(/(?<=[.!?])\s+(?=[A-Z`])/).length;
    assert.ok(f.docs.endsWith('.') && sentences >= 1 && sentences <= 3, `${f.path}: ${f.docs}`);
  }
  assert.deepEqual(FIELDS.filter((f) => f.ref).map((f) => `${f.path}:${f.ref}`).length, 14);
});

test('enumAllows accepts listed values and prefixed forms only', () => {
  const extract = fieldAt(['evaluate', 'e', 'grader', 'extract'])!;
  assert.ok(enumAllows(extract, 'boxed') && enumAllows(extract, 'regex:(\\d+)'));
  assert.ok(!enumAllows(extract, 'none') && !enumAllows(extract, 'box'));
  assert.ok(enumAllows(fieldAt(['datasets', 'd', 'answer', 'extract'])!, 'none'));
});

test('every template variable of every context has hover docs', () => {
  const roots = new Set(ALL_TEMPLATE_VARIABLES.map((v) => v.split('.')[0]!));
  for (const v of [...ALL_TEMPLATE_VARIABLES, ...roots]) assert.ok(TEMPLATE_VARIABLE_DOCS[v]?.endsWith('.'), v);
});

test('field lookups remembered by path shape keep entry names apart from fixed keys', () => {
  // An entry named like a fixed key elsewhere is still an entry: `models.price` is the model named "price".
  assert.equal(fieldAt(['models', 'price'])?.path, 'models.*');
  assert.equal(fieldAt(['models', 'm', 'price'])?.path, 'models.*.price');
  // Thousands of entry names share one shape, and unknown keys under them stay unknown.
  for (let i = 0; i < 3000; i++) assert.equal(fieldAt(['evaluate', `e${i}`, 'samples'])?.path, 'evaluate.*.samples');
  assert.equal(fieldAt(['evaluate', 'e1', 'samplez']), undefined);
  assert.equal(fieldAt(['evaluate', 'e2', 'samples'])?.path, 'evaluate.*.samples');
  assert.equal(fieldAt(['synthesize', 's', 'filters', 'decontaminate', 'against', 3])?.path, 'synthesize.*.filters.decontaminate.against[]');
  assert.equal(fieldAt(['synthesize', 's', 'filters', 'decontaminate', 'against', 'x']), undefined);
});
