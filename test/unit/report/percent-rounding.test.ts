// Equal figures print equally. maj@1 equals pass@1 mathematically, but the two are computed along different
// paths and can differ in the last bit (0.16249999999999998 against 0.1625); a report that printed 16.2% beside
// 16.3% for the same figure, or a `passk score` that printed another digit than `passk report`, would describe
// one run two ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPercent, pct } from '../../../server/src/report/format';
import { percent } from '../../../server/src/insights/figure-format';

const exact = 0.1625;
const noisy = 0.16249999999999998;

test('report percentages print a figure and its float-noise twin the same', () => {
  assert.notEqual(noisy, exact);
  assert.equal(pct(noisy), pct(exact));
  assert.equal(formatPercent(noisy), '16.3%');
  assert.equal(pct(0.5), '50.0%');
  assert.equal(pct(1), '100.0%');
  assert.equal(pct(0), '0.0%');
  assert.equal(pct(0.1249), '12.5%');
  assert.equal(pct(0.12449), '12.4%');
});

test('editor percentages print a figure and its float-noise twin the same', () => {
  assert.equal(percent(noisy), percent(exact));
  assert.equal(percent(noisy), '16.3%');
  assert.equal(percent(0), '0.0%');
});
