import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapCI, instability, normalCI, pairedComparison, seededRng, summarize } from '../../../server/src/stats';

test('bootstrap interval is seeded, contains the mean and narrows with more problems', () => {
  const rng = seededRng(3);
  const small = Array.from({ length: 20 }, () => (rng() < 0.6 ? 1 : 0));
  const large = Array.from({ length: 2000 }, () => (rng() < 0.6 ? 1 : 0));
  const a = bootstrapCI(small, { seed: 9, iterations: 1000, level: 0.95 });
  assert.deepEqual({ ...a }, { ...bootstrapCI(small, { seed: 9, iterations: 1000, level: 0.95 }) });
  const m = small.reduce((x: number, y) => x + y, 0) / small.length;
  assert.ok(a.lo <= m && m <= a.hi);
  const b = bootstrapCI(large, { seed: 9, iterations: 1000, level: 0.95 });
  assert.ok(b.hi - b.lo < (a.hi - a.lo) / 3);
  const n = normalCI(large);
  assert.ok(Math.abs(n.lo - b.lo) < 0.01 && Math.abs(n.hi - b.hi) < 0.01, JSON.stringify({ n, b }));
});

test('paired comparison detects a real difference and not a null one', () => {
  const rng = seededRng(5);
  const base = Array.from({ length: 300 }, () => rng());
  const better = base.map((v) => Math.min(1, v + 0.05));
  const r = pairedComparison(better, base, { seed: 1, iterations: 2000 });
  assert.ok(r.diff > 0.03 && r.lo > 0 && r.pValue < 0.01, JSON.stringify(r));
  const noise = base.map((v) => v + (rng() - 0.5) * 0.01);
  const z = pairedComparison(noise, base, { seed: 1, iterations: 2000 });
  assert.ok(z.lo < 0 && z.hi > 0 && z.pValue > 0.05, JSON.stringify(z));
});

test('instability flags problems solved sometimes but mostly missed', () => {
  const r = instability([{ n: 10, correct: 1 }, { n: 10, correct: 5 }, { n: 10, correct: 0 }, { n: 10, correct: 10 }]);
  assert.deepEqual(r.unstable, [true, false, false, false]);
  assert.ok(Math.abs(r.passAtN - 0.75) < 1e-12);
  assert.ok(Math.abs(r.passAt1 - 0.4) < 1e-12);
  assert.ok(Math.abs(r.latent - 0.35) < 1e-12);
});

test('summarize produces the documented shape with intervals and not-estimable k', () => {
  const s = summarize(
    [
      { problem: 'a', n: 4, correct: 2, clusterSizes: [2, 1], correctCluster: 0, unanswered: 1 },
      { problem: 'b', n: 8, correct: 0, clusterSizes: [8], correctCluster: null, unanswered: 0 },
    ],
    [1, 4, 8],
    { seed: 1, iterations: 200 },
  );
  assert.equal(s.problems, 2);
  assert.equal(s.samples, 12);
  assert.ok(Math.abs(s.passAtK['1']! - 0.25) < 1e-12);
  assert.equal(s.perProblem[0]!.passAtK['8'], null);
  assert.equal(s.passAtK['8'], 0); // only problem b is estimable at k = 8
  assert.equal(s.estimable.passAtK['8'], 1);
  assert.equal(s.perProblem[0]!.majAtK['4'], 1);
  assert.ok(s.ci.passAtK['1']!.lo <= s.passAtK['1']! && s.passAtK['1']! <= s.ci.passAtK['1']!.hi);
  assert.deepEqual(Object.keys(s.perProblem[0]!), ['problem', 'n', 'correct', 'passAtK', 'majAtK', 'unstable']);
});
