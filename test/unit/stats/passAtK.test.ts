import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetPassAtK, passAtK, seededRng } from '../../../server/src/stats';
import { brutePass } from './bruteForce';

test('pass@k matches enumeration of k-subsets on random small cases', () => {
  const rng = seededRng(7);
  let checked = 0;
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(rng() * 12);
    const c = Math.floor(rng() * (n + 1));
    const k = 1 + Math.floor(rng() * n);
    const got = passAtK(n, c, k);
    assert.ok(got !== null);
    assert.ok(Math.abs(got - brutePass(n, c, k)) < 1e-9, `n=${n} c=${c} k=${k}: ${got}`);
    checked++;
  }
  assert.equal(checked, 300);
});

test('pass@k with k above n is not estimable, not 1.0', () => {
  assert.equal(passAtK(4, 4, 8), null);
  assert.equal(passAtK(0, 0, 1), null);
  assert.equal(datasetPassAtK([{ n: 4, c: 1 }, { n: 16, c: 4 }], 8), 1 - (8 * 7 * 6 * 5) / (16 * 15 * 14 * 13)); // C(12,8)/C(16,8)
});

test('pass@k for n = 20000 stays finite where a naive binomial overflows', () => {
  // C(20000, 100) is about 1e285 and C(20000, 1000) overflows a double: a naive ratio gives NaN.
  const naive = (n: number, c: number, k: number) => {
    const C = (a: number, b: number) => { let r = 1; for (let i = 0; i < b; i++) r = (r * (a - i)) / (i + 1); return r; };
    return 1 - C(n - c, k) / C(n, k);
  };
  assert.ok(Number.isNaN(naive(20000, 3, 1000)));
  const got = passAtK(20000, 3, 1000)!;
  // Exact value: 1 − Π_{i=0}^{2} (19000 − i)/(20000 − i).
  const exact = 1 - ((19000 / 20000) * (18999 / 19999) * (18998 / 19998));
  assert.ok(Math.abs(got - exact) < 1e-12, String(got));
  assert.ok(Math.abs(passAtK(20000, 200, 1)! - 0.01) < 1e-12);
  const big = passAtK(20000, 5000, 20000 - 4999)!;
  assert.equal(big, 1);
});

test('dataset pass@1 is the mean of c/n', () => {
  assert.ok(Math.abs(datasetPassAtK([{ n: 10, c: 3 }, { n: 4, c: 4 }, { n: 5, c: 0 }], 1)! - (0.3 + 1 + 0) / 3) < 1e-12);
});
