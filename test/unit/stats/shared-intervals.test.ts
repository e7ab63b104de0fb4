// One code path for intervals: the seeded bootstrap depends only on the values, not on the order problems were
// read in, and the interval method is chosen by the statistics core for every caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapCI, intervalMethod, NORMAL_FROM_PROBLEMS, seededRng, summarize } from '../../../server/src/stats';
import { summarizeCooperatively } from '../../../server/src/stats/summarize';

test('the bootstrap interval is the same for the same values in any order', () => {
  const rng = seededRng(11);
  const values = Array.from({ length: 57 }, () => Math.round(rng() * 8) / 8);
  const shuffled = [...values].sort(() => 0).reverse();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  assert.notDeepEqual(shuffled, values);
  assert.deepEqual(bootstrapCI(shuffled), bootstrapCI(values));
  assert.deepEqual(bootstrapCI([...values].reverse(), { seed: 4 }), bootstrapCI(values, { seed: 4 }));
});

test('summaries choose the interval method in one place: bootstrap below the threshold, normal from it', () => {
  assert.equal(intervalMethod(undefined, NORMAL_FROM_PROBLEMS - 1), 'bootstrap');
  assert.equal(intervalMethod('auto', NORMAL_FROM_PROBLEMS), 'normal');
  assert.equal(intervalMethod('bootstrap', NORMAL_FROM_PROBLEMS * 2), 'bootstrap');
  const counts = (n: number) => Array.from({ length: n }, (_, i) => ({ problem: String(i), n: 4, correct: i % 5 }));
  assert.equal(summarize(counts(20).map((c) => ({ ...c, correct: Math.min(4, c.correct) })), [1]).ci.method, 'bootstrap');
  assert.equal(summarize(counts(NORMAL_FROM_PROBLEMS).map((c) => ({ ...c, correct: Math.min(4, c.correct) })), [1]).ci.method, 'normal');
});

test('the cooperative summary equals the plain one and can be stopped by its pause function', async () => {
  const rng = seededRng(2);
  const counts = Array.from({ length: 200 }, (_, i) => {
    const n = 8;
    const correct = Math.floor(rng() * (n + 1));
    return { problem: `p${i}`, n, correct, clusterSizes: correct ? [correct, n - correct].filter((s) => s > 0) : [n], correctCluster: correct ? 0 : null, unanswered: 0 };
  });
  let pauses = 0;
  const a = await summarizeCooperatively(counts, [1, 2, 8], {}, async () => void pauses++);
  assert.deepEqual(a, summarize(counts, [1, 2, 8]));
  assert.equal(pauses, counts.length);
  let calls = 0;
  await assert.rejects(
    summarizeCooperatively(counts, [1], {}, async () => {
      if (++calls === 10) throw new Error('stop');
    }),
    /stop/,
  );
});
