// Synthesis filters: near-duplicate detection, decontamination and n-gram shingling, on real GSM8K text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NearDuplicateIndex } from '../../../server/src/synthesis/near-duplicate-index';
import { ContaminationIndex } from '../../../server/src/synthesis/contamination-index';
import { fnv1a, jaccard, jaccardSorted, shingles, sortedShingles, words } from '../../../server/src/synthesis/shingles';
import { judgeConsistency } from '../../../server/src/synthesis/consistency';
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
  const hit = idx.check(leaked);
  assert.deepEqual({ source: hit?.source, id: hit?.id }, { source: 'gsm8k-test', id: '42' });
  assert.ok(hit?.ngram && words(gsm8kTest[42]!).join(' ').includes(hit.ngram), 'the shared n-gram is named and comes from the test item');
  assert.equal(idx.check('A farmer has 3 cows and buys 5 more cows at the market on a sunny Tuesday morning. How many cows?'), undefined);
});

test('decontamination compares exact n-grams: two 13-grams with the same 32-bit hash are not a match', () => {
  // A colliding pair found by search; the first assertion proves the premise, so the test can fail.
  const testItem = 'has farmer pears how each hens cost many ducks ducks market week eggs';
  const candidate = 'dollars ann cost sells cost how hens sells many has hens apples pears';
  assert.equal(fnv1a(testItem), fnv1a(candidate));
  const idx = new ContaminationIndex(13);
  idx.addTestItem('t', 'only', testItem);
  assert.equal(idx.check(candidate), undefined);
  assert.equal(idx.check(`Sure: ${testItem}.`)?.id, 'only');
});

test('sorted shingle arrays give the same Jaccard as the sets they come from', () => {
  for (let i = 0; i + 1 < 40; i++) {
    const a = gsm8kTest[i]!;
    const b = `${gsm8kTest[i + 1]!} ${a.split(' ').slice(0, 12).join(' ')}`;
    assert.equal(jaccardSorted(sortedShingles(a, 5), sortedShingles(b, 5)), jaccard(shingles(a, 5), shingles(b, 5)));
  }
});

test('near-duplicate index holds thousands of texts in typed arrays and still finds an exact copy among them', () => {
  const idx = new NearDuplicateIndex(5, 0.9);
  const all = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question);
  all.forEach((q, i) => idx.add(`t${i}`, q));
  assert.ok(idx.size > all.length - 10);
  assert.equal(idx.find(all[777]!.toLowerCase())?.similarity, 1);
  // Each kept text costs its shingles and band entries, not objects: well under 2 KB a text.
  assert.ok(idx.bytes / idx.size < 2048, `${idx.bytes / idx.size} bytes a text`);
});

test('consistency: a strict plurality with enough agreement is kept', () => {
  const v = judgeConsistency(['4', '4', '5', null], 0.5, 'math');
  assert.deepEqual([v.label, v.agreement, v.agreeing, v.accepted, v.tie], ['4', 0.5, [0, 1], true, false]);
});

test('consistency: a 2-2 tie is not a majority, whatever minAgreement allows', () => {
  const v = judgeConsistency(['4', '5', '5', '4'], 0.5, 'math');
  assert.equal(v.tie, true);
  assert.equal(v.accepted, false);
  assert.equal(judgeConsistency(['4', '5'], 0, 'math').accepted, false);
});

test('consistency: a plurality below minAgreement is rejected; equivalent forms vote together', () => {
  assert.equal(judgeConsistency(['4', '5', '6', '4'], 0.75, 'math').accepted, false);
  const v = judgeConsistency(['\\frac12', '0.5', '1/3'], 0.6, 'math');
  assert.equal(v.accepted, true);
  assert.deepEqual(v.agreeing, [0, 1]);
});
