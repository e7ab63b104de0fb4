// The render budget: templates that would loop for ages, grow text without bound or recurse forever stop
// quickly with `template/budget`. The time bounds are generous (a loaded 2-core machine); the point is that
// they end at all, and that `range` refuses before allocating.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTemplate } from '../../server/src/template/render-template';

function timed(src: string, vars: object = {}): { ms: number; codes: string[]; message: string } {
  const t0 = process.hrtime.bigint();
  const r = renderTemplate(src, vars);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.equal(r.value, '');
  return { ms, codes: r.problems.map((p) => p.code), message: r.problems[0]?.message ?? '' };
}

test('a loop over range(1000000000) fails at once with template/budget, without building the list', () => {
  const before = process.memoryUsage().heapUsed;
  const r = timed('{% for i in range(1000000000) %}x{% endfor %}');
  assert.deepEqual(r.codes, ['template/budget']);
  assert.match(r.message, /range\(\) would produce 1,000,000,000 numbers/);
  assert.ok(r.ms < 2000, `${r.ms} ms`);
  assert.ok(process.memoryUsage().heapUsed - before < 50e6, 'no huge array was allocated');
});

test('deeply nested loops fail within the step budget', () => {
  const r = timed('{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}');
  assert.deepEqual(r.codes, ['template/budget']);
  assert.match(r.message, /evaluation steps/);
  assert.ok(r.ms < 20_000, `${r.ms} ms`);
});

test('output and built strings are bounded: doubling a string, a huge pad, a long output', () => {
  assert.deepEqual(timed('{% set s = "xxxxxxxx" %}{% for i in range(40) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}').codes, ['template/budget']);
  assert.deepEqual(timed('{{ "x" | center(1000000000) }}').codes, ['template/budget']);
  assert.deepEqual(timed('{{ "a\nb" | indent(999999999) }}').codes, ['template/budget']);
  assert.deepEqual(timed('{% for i in range(300000) %}0123456789{% endfor %}').codes, ['template/budget']);
  // Filters that make one item per unit of an argument count it against the budget first.
  assert.deepEqual(timed('{{ [1, 2] | slice(1000000000) | length }}').codes, ['template/budget']);
  assert.deepEqual(timed('{{ [1, 2] | slice("1e400" | float) | length }}').codes, ['template/budget']);
  assert.deepEqual(timed('{{ [1] | batch(1000000000, "x") | length }}').codes, ['template/budget']);
  // Under the limits, the same constructs render.
  assert.equal(renderTemplate('{% for i in range(1000) %}0123456789{% endfor %}', {}).value.length, 10_000);
});

test('unbounded macro recursion fails with template/budget, not a stack overflow', () => {
  const r = timed('{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}');
  assert.deepEqual(r.codes, ['template/budget']);
  assert.match(r.message, /more than 100 levels/);
  const mutual = timed('{% macro a() %}{% call b() %}{{ a() }}{% endcall %}{% endmacro %}{% macro b() %}{{ caller() }}{% endmacro %}{{ a() }}');
  assert.deepEqual(mutual.codes, ['template/budget']);
});
