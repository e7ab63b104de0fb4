import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countProblem } from '../../../server/src/answers';
import { majAtK } from '../../../server/src/stats';

test('countProblem: per-sample verdicts, clusters and the gold cluster', () => {
  const g = countProblem('18', ['18', '$18', null, '17', '18.0', '17', '17'], 'math');
  assert.equal(g.n, 7);
  assert.equal(g.correct, 3);
  assert.equal(g.unanswered, 1);
  assert.deepEqual(g.verdicts, [true, true, false, false, true, false, false]);
  assert.deepEqual(g.clusterSizes, [3, 3]);
  assert.equal(g.correctCluster, 0);
  assert.deepEqual(g.correctClusters, [0]);
});

test('countProblem: two different answers that both round to a decimal gold are both correct clusters', () => {
  const g = countProblem('0.33', ['0.333', '0.334', '0.334', '0.5', '0.5', '0.5'], 'math');
  assert.equal(g.correct, 3);
  assert.deepEqual(g.clusterSizes, [3, 2, 1]);
  assert.deepEqual(g.correctClusters, [1, 2]);
  // With k = 6 the 0.5 cluster wins outright; with k = 1 the chance is the fraction of correct samples.
  assert.equal(majAtK(g.clusterSizes, g.correctClusters, g.unanswered, 6), 0);
  assert.ok(Math.abs(majAtK(g.clusterSizes, g.correctClusters, g.unanswered, 1) - 0.5) < 1e-12);
});
