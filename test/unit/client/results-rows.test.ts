// The results view's rows and the heat scale, without VS Code: filters keep the server's order, a row's figure
// reads like the dataset line's hint, and every pass@1 falls in exactly one colour step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gutterSvg, HEAT_STEPS, heatStep } from '../../../client/src/heat';
import { figureText, filterRows } from '../../../client/src/results-rows';
import type { DatasetResultRow } from '../../../server/src/protocol/requests';

const row = (problem: string, passAt1: number, flags: string[], delta?: number): DatasetResultRow => ({ problem, line: Number(problem), passAt1, n: 4, correct: Math.round(passAt1 * 4), flags, ...(delta !== undefined ? { delta } : {}) });
const rows = [row('1', 0, ['never-solved', 'regressed'], -0.5), row('2', 0.25, ['unstable']), row('3', 0.75, ['regressed'], -0.25), row('4', 1, [], 0.25)];

test('filters keep the rows with that finding, in the order given', () => {
  assert.deepEqual(filterRows(rows, 'all').map((r) => r.problem), ['1', '2', '3', '4']);
  assert.deepEqual(filterRows(rows, 'never-solved').map((r) => r.problem), ['1']);
  assert.deepEqual(filterRows(rows, 'unstable').map((r) => r.problem), ['2']);
  assert.deepEqual(filterRows(rows, 'regressed').map((r) => r.problem), ['1', '3']);
});

test('a row reads pass@1 and its change against the baseline, like the line hint', () => {
  assert.deepEqual(rows.map(figureText), ['0.00 ▼0.50', '0.25', '0.75 ▼0.25', '1.00 ▲0.25']);
  assert.equal(figureText(row('5', 0.5, [], 0.001)), '0.50');
});

test('heat steps: never solved, then rising pass@1, each value in one step', () => {
  assert.deepEqual([0, 0.1, 0.3, 0.6, 0.8, 1].map(heatStep), [0, 1, 2, 3, 4, 4]);
  assert.equal(heatStep(Number.NaN), 0);
  for (let i = 0; i < HEAT_STEPS.length; i++) {
    const svg = Buffer.from(gutterSvg(i).replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
    assert.match(svg, new RegExp(`^<svg [^>]*><rect [^>]*fill="${HEAT_STEPS[i]!.color}"/></svg>$`));
  }
});
