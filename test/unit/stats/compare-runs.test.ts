// The comparison core: whole-curve k grids, pairing over common problems only, the sign of differences, and
// figures that equal the per-run means over the common problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, curveKs, passAtK, powerOfTwoKs, type ProblemCounts } from '../../../server/src/stats';

test('curves have every k up to 128 samples, then a log grid with 1 and n', () => {
  assert.deepEqual(curveKs(8), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(curveKs(0), []);
  const big = curveKs(1000);
  assert.equal(big[0], 1);
  assert.equal(big[big.length - 1], 1000);
  assert.ok(big.length > 60 && big.length <= 130, String(big.length));
  assert.ok(big.every((k, i) => i === 0 || k > big[i - 1]!));
});

test('only problems every run has samples for are paired; differences are run minus baseline', () => {
  const a: ProblemCounts[] = [{ problem: 'x', n: 4, correct: 1 }, { problem: 'y', n: 4, correct: 0 }, { problem: 'only-a', n: 4, correct: 4 }, { problem: 'empty', n: 0, correct: 0 }];
  const b: ProblemCounts[] = [{ problem: 'y', n: 4, correct: 4 }, { problem: 'x', n: 4, correct: 3 }, { problem: 'only-b', n: 4, correct: 0 }, { problem: 'empty', n: 4, correct: 1 }];
  const v = compareRuns([{ label: 'A', counts: a }, { label: 'B', counts: b }]);
  assert.equal(v.common, 2);
  assert.deepEqual(v.runs, [{ label: 'A', problems: 3, samples: 12 }, { label: 'B', problems: 4, samples: 16 }]);
  assert.deepEqual(v.perProblem, [{ problem: 'x', passAt1: [0.25, 0.75] }, { problem: 'y', passAt1: [0, 1] }]);
  for (const k of [1, 2, 3, 4]) {
    const meanA = (passAtK(4, 1, k)! + passAtK(4, 0, k)!) / 2;
    const meanB = (passAtK(4, 3, k)! + passAtK(4, 4, k)!) / 2;
    assert.ok(Math.abs(v.passAtK[String(k)]![0]! - meanA) < 1e-12 && Math.abs(v.passAtK[String(k)]![1]! - meanB) < 1e-12, `k=${k}`);
    const pair = v.pairs.find((p) => p.metric === 'pass' && p.k === k)!;
    assert.ok(Math.abs(pair.diff! - (meanB - meanA)) < 1e-12);
    assert.ok(pair.diff! > 0 || k === 4);
  }
  // Without answer clusters maj@k is not estimable: null figures and pairs, never a made-up zero.
  assert.deepEqual(v.majAtK['1'], [null, null]);
  assert.ok(v.pairs.filter((p) => p.metric === 'maj').every((p) => p.diff === null && p.ci === null && p.p === null));
});

test('from 1000 common problems the pairs are a paired normal interval and test that agree with the data', () => {
  const a: ProblemCounts[] = [];
  const b: ProblemCounts[] = [];
  for (let i = 0; i < 1200; i++) {
    a.push({ problem: `p${i}`, n: 2, correct: i % 2 });
    b.push({ problem: `p${i}`, n: 2, correct: i % 3 === 0 ? 2 : i % 2 });
  }
  const v = compareRuns([{ label: 'A', counts: a }, { label: 'B', counts: b }]);
  const p1 = v.pairs.find((p) => p.metric === 'pass' && p.k === 1)!;
  const d = b.map((x, i) => (x.correct - a[i]!.correct) / 2);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const se = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1) / d.length);
  assert.ok(Math.abs(p1.diff! - mean) < 1e-12);
  assert.ok(Math.abs(p1.ci![0] - (mean - 1.959963985 * se)) < 1e-6 && Math.abs(p1.ci![1] - (mean + 1.959963985 * se)) < 1e-6);
  assert.ok(p1.p! < 1e-6, String(p1.p)); // a shift of many standard errors
  const same = compareRuns([{ label: 'A', counts: a }, { label: 'A2', counts: a }]);
  assert.ok(same.pairs.filter((p) => p.metric === 'pass').every((p) => p.diff === 0 && p.p === 1));
});

test('a thinned comparison (the editor on large runs) pairs at powers of two of k and n, with the same figures there', () => {
  assert.deepEqual(powerOfTwoKs(64), [1, 2, 4, 8, 16, 32, 64]);
  assert.deepEqual(powerOfTwoKs(12), [1, 2, 4, 8, 12]);
  assert.deepEqual(powerOfTwoKs(0), []);
  const a: ProblemCounts[] = Array.from({ length: 30 }, (_, i) => ({ problem: `p${i}`, n: 12, correct: i % 13 }));
  const b: ProblemCounts[] = a.map((c) => ({ ...c, correct: Math.min(12, c.correct + 2) }));
  const whole = compareRuns([{ label: 'A', counts: a }, { label: 'B', counts: b }]);
  const thin = compareRuns([{ label: 'A', counts: a }, { label: 'B', counts: b }], { ks: powerOfTwoKs });
  assert.deepEqual(Object.keys(thin.passAtK).map(Number).sort((x, y) => x - y), [1, 2, 4, 8, 12]);
  for (const k of ['1', '4', '12']) assert.deepEqual(thin.passAtK[k], whole.passAtK[k]);
  assert.deepEqual(thin.perProblem, whole.perProblem);
});
