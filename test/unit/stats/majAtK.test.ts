import { test } from 'node:test';
import assert from 'node:assert/strict';
import { majAtK, seededRng } from '../../../server/src/stats';
import { bruteMaj } from './bruteForce';

function randomCase(rng: () => number) {
  const n = 1 + Math.floor(rng() * 12);
  const clusters = 1 + Math.floor(rng() * 5);
  // -1 marks an unanswered sample; small cluster counts make ties frequent.
  const labels = Array.from({ length: n }, () => (rng() < 0.2 ? -1 : Math.floor(rng() * clusters)));
  const sizes: number[] = [];
  const remap = new Map<number, number>();
  for (const l of labels) if (l >= 0 && !remap.has(l)) remap.set(l, remap.size);
  const relabelled = labels.map((l) => (l >= 0 ? remap.get(l)! : -1));
  for (const l of relabelled) if (l >= 0) sizes[l] = (sizes[l] ?? 0) + 1;
  const correct = sizes.length && rng() < 0.85 ? Math.floor(rng() * sizes.length) : null;
  return { labels: relabelled, sizes, unanswered: relabelled.filter((l) => l < 0).length, correct, n };
}

test('maj@k matches enumeration of all k-subsets (ties, unanswered samples)', () => {
  const rng = seededRng(42);
  let withTies = 0;
  for (let trial = 0; trial < 400; trial++) {
    const c = randomCase(rng);
    for (let k = 1; k <= c.n; k++) {
      const want = bruteMaj(c.labels, c.correct, k);
      const got = majAtK(c.sizes, c.correct, c.unanswered, k);
      assert.ok(Math.abs(got - want) < 1e-9, `sizes=${c.sizes} u=${c.unanswered} correct=${c.correct} k=${k}: ${got} vs ${want}`);
    }
    if (new Set(c.sizes).size < c.sizes.length) withTies++;
  }
  assert.ok(withTies > 50, 'the random cases must exercise ties');
});

test('maj@k edge cases', () => {
  assert.equal(majAtK([3, 3], 0, 0, 6), 0.5); // all samples: a tie broken at random
  assert.equal(majAtK([], null, 5, 3), 0); // nothing answered is incorrect
  assert.equal(majAtK([2], 0, 3, 5), 1);
  assert.ok(Number.isNaN(majAtK([2], 0, 0, 3)));
  // k = 1 is the plain accuracy among all samples, unanswered ones counting as wrong.
  assert.ok(Math.abs(majAtK([3, 5, 1], 1, 1, 1) - 5 / 10) < 1e-12);
});

test('maj@k is fast and sane for n = 1024 with many singleton answers', () => {
  const sizes = [400, 200, 100, ...Array.from({ length: 300 }, () => 1), 12, 8, 4];
  const n = sizes.reduce((a, b) => a + b, 0) + 0;
  assert.equal(n, 1024);
  for (const k of [1, 8, 64, 256, 1024]) {
    const v = majAtK(sizes, 0, 0, k);
    assert.ok(v >= 0 && v <= 1, `k=${k}: ${v}`);
    if (k >= 64) assert.ok(v > (k >= 256 ? 0.999 : 0.95), `k=${k}: a 40% plurality wins almost surely, got ${v}`);
  }
  assert.equal(majAtK(sizes, 0, 0, 1024), 1);
  assert.ok(Math.abs(majAtK(sizes, 1, 0, 1) - 200 / 1024) < 1e-12);
});

test('maj@k of m equal-size clusters is 1/m for every k (symmetry), including adversarial n = 1024 shapes', () => {
  for (const [m, s] of [[1024, 1], [512, 2], [64, 16], [3, 5]] as const) {
    const sizes = Array.from({ length: m }, () => s);
    for (const k of [1, 2, 7, 64, m * s]) {
      if (k > m * s) continue;
      const v = majAtK(sizes, m - 1, 0, k);
      assert.ok(Math.abs(v - 1 / m) < 1e-9, `m=${m} s=${s} k=${k}: ${v}`);
    }
  }
});

test('maj@k with several correct clusters matches enumeration', () => {
  const rng = seededRng(77);
  for (let trial = 0; trial < 150; trial++) {
    const c = randomCase(rng);
    if (c.sizes.length < 2) continue;
    const correct = [0, c.sizes.length - 1];
    for (let k = 1; k <= c.n; k++) {
      const want = bruteMaj(c.labels, 0, k) + bruteMaj(c.labels, c.sizes.length - 1, k);
      const got = majAtK(c.sizes, correct, c.unanswered, k);
      assert.ok(Math.abs(got - want) < 1e-9, `sizes=${c.sizes} k=${k}: ${got} vs ${want}`);
    }
  }
  assert.equal(majAtK([2, 2], [], 0, 2), 0);
});
