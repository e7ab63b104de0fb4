import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../../server/src/template/analyze-template';
import { renderTemplate } from '../../../server/src/template/render-template';

test('renders variables and members without HTML escaping', () => {
  const r = renderTemplate('Q: {{ question }} <{{ seed.answer }}> & {{ row.level | lower }}', { question: 'x < 2 & "y"', seed: { answer: '42' }, row: { level: 'Level 3' } });
  assert.deepEqual(r, { value: 'Q: x < 2 & "y" <42> & level 3', problems: [] });
});

test('an undefined variable is a problem at its template offset, not an empty string', () => {
  const r = renderTemplate('Q: {{ questoin }}', { question: 'q' });
  assert.equal(r.value, '');
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.code, 'template/undefined-variable');
  assert.deepEqual(r.problems[0]!.span, { start: 6, end: 14 });
});

test('a missing member of an object variable is a problem', () => {
  const r = renderTemplate('{{ seed.answer }}', { seed: { question: 'q' } });
  assert.equal(r.problems[0]?.code, 'template/undefined-variable');
  assert.equal(r.problems[0]?.data?.['variable'], 'seed.answer');
});

test('syntax errors and runtime errors are problems, never exceptions', () => {
  assert.equal(renderTemplate('{{ a ', { a: 1 }).problems[0]?.code, 'template/syntax');
  const r = renderTemplate('{{ a.b.c }}', { a: { b: null } });
  assert.equal(r.value, '');
  assert.equal(r.problems[0]?.code, 'template/render');
});

test('analyzeTemplate lists variables with dotted paths and ignores filter names and bound names', () => {
  const src = '{{ seed.question | trim }}{% for x in row.items %}{{ x }}{% endfor %}{{ question }}';
  const r = analyzeTemplate(src);
  assert.deepEqual(r.value.variables.map((v) => v.path), ['seed.question', 'row.items', 'question']);
  const at = (s: string) => ({ start: src.indexOf(s), end: src.indexOf(s) + s.length });
  assert.deepEqual(r.value.variables.map((v) => v.templateSpan), [at('seed.question'), at('row.items'), at('{{ question')].map((s, i) => (i === 2 ? { start: s.start + 3, end: s.end } : s)));
});

test('allowed dotted entries restrict members; a bare root allows any member', () => {
  const r = analyzeTemplate('{{ seed.row.x }} {{ seed.foo }} {{ row.anything }}', ['seed.row', 'seed.question', 'row']);
  assert.deepEqual(r.problems.map((p) => p.data?.['variable']), ['seed.foo']);
});
