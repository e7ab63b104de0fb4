// Static refusals reach the recipe diagnostics at the exact YAML range, whatever the scalar style, and the
// constructs recipes legitimately use are never refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import { analyzeTemplate } from '../../../server/src/template/analyze-template';

const recipe = (prompt: string) => `passk: 1
models:
  m: { baseUrl: http://127.0.0.1:9/v1, model: x }
datasets:
  d: { path: nowhere.jsonl, question: question, answer: { field: answer } }
prompts:
  p: ${prompt}
evaluate:
  e: { model: m, dataset: d, prompt: p }
`;

test('a refused member inside a double-quoted YAML string with escapes is reported on the member itself', () => {
  const text = recipe('"Q:\\t{{ question.constructor }}\\n"');
  const unsafe = analyzeRecipe(text, { file: '/tmp/x.recipe.yaml', env: {} }).problems.filter((p) => p.code === 'template/unsafe');
  assert.equal(unsafe.length, 1);
  assert.equal(text.slice(unsafe[0]!.span!.start, unsafe[0]!.span!.end), 'constructor');
});

test('an include in a literal block scalar is reported on the tag name', () => {
  const text = recipe('|\n    Solve:\n    {% include "other.njk" %}\n    {{ question }}');
  const unsafe = analyzeRecipe(text, { file: '/tmp/x.recipe.yaml', env: {} }).problems.filter((p) => p.code === 'template/unsafe');
  assert.deepEqual(unsafe.map((p) => text.slice(p.span!.start, p.span!.end)), ['include']);
  assert.match(unsafe[0]!.message, /cannot load other files/);
});

test('each refused kind has its own message', () => {
  const messages = (src: string) => analyzeTemplate(src).problems.filter((p) => p.code === 'template/unsafe').map((p) => p.message);
  assert.match(messages('{% extends "base" %}')[0]!, /extends/);
  assert.match(messages('{% import "m" as m %}')[0]!, /import/);
  assert.match(messages('{{ question.upper() }}')[0]!, /cannot be called/);
  assert.match(messages('{{ cycler(1, 2) }}').join(' '), /cycler\(\) is not available/);
  assert.match(messages('{{ x | nosuchfilter }}')[0]!, /filter "nosuchfilter" is not available/);
  assert.match(messages('{{ x is nosuchtest }}')[0]!, /test "nosuchtest" is not available/);
  assert.match(messages('{{ {"__proto__": 1} }}')[0]!, /cannot be used as a key/);
});

test('the constructs recipes use are not refused', () => {
  const ok = [
    '{{ question }}', '{{ seed.question | trim }}', '{% for s in row.steps %}{{ loop.index }}. {{ s }}{% endfor %}',
    '{% if row.level is defined %}{{ row.level | lower }}{% endif %}', '{% set x = 2 %}{{ x }}', '{{ range(3) | join }}',
    '{% macro m(a, b=1) %}{{ a }}{{ caller() }}{% endmacro %}{% call m(1) %}x{% endcall %}', '{{ row.name }} {{ row.length }}',
    '{% filter upper %}x{% endfilter %}', '{% raw %}{{ x }}{% endraw %}', '{{ x if y else z }}', '{{ row["level"] }}',
  ];
  for (const src of ok) assert.deepEqual(analyzeTemplate(src).problems, [], src);
});
