import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findEnvRefs, resolveEnv } from '../../../server/src/text/env';
import { didYouMean } from '../../../server/src/text/did-you-mean';

test('findEnvRefs gives names, defaults and spans', () => {
  const t = 'x ${env:A} y ${env:B_2:def:ault} ${env:9bad} ${env:C:}';
  assert.deepEqual(findEnvRefs(t), [
    { name: 'A', span: { start: 2, end: 10 } },
    { name: 'B_2', fallback: 'def:ault', span: { start: 13, end: 32 } },
    { name: 'C', fallback: '', span: { start: 45, end: 54 } },
  ]);
});

test('resolveEnv substitutes values, then defaults; an empty value counts as set', () => {
  assert.deepEqual(resolveEnv('${env:A}/${env:B:two}/${env:E:no}', { A: 'one', E: '' }), { value: 'one/two/', problems: [] });
});

test('an unset variable without default is a warning at the reference', () => {
  const r = resolveEnv('key=${env:MISSING}!', {});
  assert.equal(r.value, 'key=!');
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.code, 'env/unset');
  assert.deepEqual(r.problems[0]!.span, { start: 4, end: 18 });
});

test('didYouMean suggests close names only', () => {
  assert.equal(didYouMean('baseurl', ['baseUrl', 'model']), 'baseUrl');
  assert.equal(didYouMean('tmperature', ['temperature', 'topP']), 'temperature');
  assert.equal(didYouMean('xyz', ['temperature', 'topP']), undefined);
  assert.equal(didYouMean('a'.repeat(1000), ['a']), undefined);
});
