// Synthesis filters: near-duplicate detection, decontamination and n-gram shingling, on real GSM8K text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NearDuplicateIndex } from '../../../server/src/synthesis/near-duplicate-index';
import { ContaminationIndex } from '../../../server/src/synthesis/contamination-index';
import { jaccard, shingles, words } from '../../../server/src/synthesis/shingles';
import { dataDir } from '../../helpers/paths';

const gsm8kTest = fs
  .readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, 300)
  .map((l) => (JSON.parse(l) as { question: string }).question);

test('words normalise case, punctuation and LaTeX commands', () => {
  assert.deepEqual(words('Janet’s ducks: $\\frac{1}{2}$ of 16!'), ['janet', 's', 'ducks', '1', '2', 'of', '16']);
});

test('a text shorter than n still yields one shingle, and identical short texts match', () => {
  assert.equal(shingles('add two numbers', 5).size, 1);
  assert.equal(jaccard(shingles('Add two numbers.', 5), shingles('add two NUMBERS', 5)), 1);
});

test('near-duplicate index keeps the first of a family and reports it', () => {
  const idx = new NearDuplicateIndex(5, 0.9);
  const base = gsm8kTest[0]!;
  assert.equal(idx.add('a', base), undefined);
  // Only punctuation and case differ: the shingles are identical.
  const match = idx.add('b', base.toUpperCase().replace(/\./g, '!'));
  assert.deepEqual(match, { of: 'a', similarity: 1 });
  assert.equal(idx.size, 1);
});

test('near-duplicate index keeps genuinely different problems', () => {
  const idx = new NearDuplicateIndex(5, 0.9);
  let kept = 0;
  for (const [i, q] of gsm8kTest.entries()) if (!idx.add(String(i), q)) kept++;
  // GSM8K test problems are distinct; at most a handful may be near-copies of each other.
  assert.ok(kept >= gsm8kTest.length - 3, `kept ${kept} of ${gsm8kTest.length}`);
});

for (const threshold of [0.5, 0.7, 0.9]) test(`LSH at threshold ${threshold} finds every pair above the threshold that brute force finds`, () => {
  // Build variants of real problems with one word changed (high but not perfect similarity).
  const texts: string[] = [];
  for (const q of gsm8kTest.slice(0, 60)) {
    texts.push(q);
    const w = q.split(' ');
    w[Math.floor(w.length / 2)] = 'zebra';
    texts.push(w.join(' '));
  }
  const idx = new NearDuplicateIndex(5, threshold);
  const sets = texts.map((t) => shingles(t, 5));
  for (const [i, t] of texts.entries()) {
    const m = idx.add(String(i), t);
    // Brute force over everything kept so far: is there an earlier kept text above the threshold?
    const brute = idx
      .keptIds()
      .map(Number)
      .filter((j) => j !== i)
      .some((j) => jaccard(sets[i]!, sets[j]!) >= threshold);
    assert.equal(Boolean(m), brute, `text ${i}`);
  }
});

test('contamination index flags a 13-gram overlap with the test set and names the item', () => {
  const idx = new ContaminationIndex(13);
  gsm8kTest.forEach((q, i) => idx.addTestItem('gsm8k-test', String(i), q));
  const leaked = `Here is a new problem. ${gsm8kTest[42]!.split(' ').slice(0, 20).join(' ')} and then more.`;
  assert.deepEqual(idx.check(leaked), { source: 'gsm8k-test', id: '42' });
  assert.equal(idx.check('A farmer has 3 cows and buys 5 more cows at the market on a sunny Tuesday morning. How many cows?'), undefined);
});
