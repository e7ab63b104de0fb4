import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerKey, answersEqual } from '../../../server/src/answers';
import { seededRng } from '../../../server/src/stats';

// Property tests over random rationals: every way of writing a number is equal to it, and every near miss
// (sign error, off by one, swapped digits, a missing factor of two) is not.

const rng = seededRng(2024);
const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

function terminating(d: number): boolean {
  while (d % 2 === 0) d /= 2;
  while (d % 5 === 0) d /= 5;
  return d === 1;
}

function writings(n: number, d: number): string[] {
  const out = [`\\frac{${n}}{${d}}`, `\\dfrac{${n * 3}}{${d * 3}}`, `${n}/${d}`, `$\\frac{${n}}{${d}}$`, `\\left(\\frac{${n}}{${d}}\\right)`];
  if (n < 0) out.push(`-\\frac{${-n}}{${d}}`, `\\frac{${-n}}{-${d}}`);
  if (d === 1) out.push(`${n}`, `${n}.0`, `${n}.00`, `\\$${n}`, `${n} dollars`, `${n}\\text{ cm}`);
  if (terminating(d)) out.push(String(n / d));
  if (n > d && d > 1) out.push(`${Math.floor(n / d)}\\frac{${n % d}}{${d}}`);
  return out;
}

test('every writing of a random rational equals its plain fraction, and shares its key', () => {
  let checked = 0;
  for (let i = 0; i < 300; i++) {
    const d0 = rng() < 0.3 ? 1 : int(2, 40);
    const n0 = int(-500, 500);
    const g = gcd(n0, d0) || 1;
    const [n, d] = [n0 / g, d0 / g];
    const gold = d === 1 ? String(n) : `\\frac{${n}}{${d}}`;
    for (const w of writings(n, d)) {
      assert.ok(answersEqual(gold, w), `${gold} should equal ${w}`);
      assert.ok(answersEqual(w, gold), `${w} should equal ${gold}`);
      assert.equal(answerKey(w), answerKey(gold), `${w} and ${gold} share a key`);
      checked++;
    }
  }
  assert.ok(checked > 1500, String(checked));
});

test('near misses of random answers are never equal', () => {
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const n = int(10, 99999);
    const s = String(n);
    const misses = [String(-n), String(n + 1), String(n - 1), String(2 * n), `\\frac{${n}}{2}`, `${n}.5`, `0.${s}`];
    const swapAt = s.split('').findIndex((c, j) => j + 1 < s.length && s[j + 1] !== c);
    if (swapAt >= 0) misses.push(s.slice(0, swapAt) + s[swapAt + 1] + s[swapAt] + s.slice(swapAt + 2));
    const d = int(2, 30);
    misses.push(`\\frac{${n}}{${d}}`);
    for (const m of misses) {
      assert.equal(answersEqual(s, m), false, `${s} vs ${m}`);
      checked++;
    }
    const root = int(2, 50);
    assert.equal(answersEqual(`${d}\\sqrt{${root}}`, `\\sqrt{${root}}`), root === 1, `${d}\\sqrt{${root}} vs \\sqrt{${root}}`);
    assert.equal(answersEqual(`${n}\\pi`, `${n + 1}\\pi`), false);
  }
  assert.ok(checked > 3000);
});

test('truncated decimals never equal exact non-terminating fractions', () => {
  for (let d = 3; d <= 60; d++) {
    if (terminating(d)) continue;
    for (const n of [1, 2, d - 1]) {
      const v = n / d;
      for (const places of [2, 4, 6, 10]) assert.equal(answersEqual(`\\frac{${n}}{${d}}`, v.toFixed(places)), false, `${n}/${d} vs ${v.toFixed(places)}`);
    }
  }
});
