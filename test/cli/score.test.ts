import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCli, runCli } from '../helpers/cli';
import { majAtK, passAtK } from '../../server/src/stats';

const run = runCli;

let dir = '';
before(() => {
  ensureCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-score-'));
});

const lines = [
  { problem: 'p1', answer: '18', gold: 'She sells 9 eggs at $2 each.\n#### 18' },
  { problem: 'p1', answer: '18.0', gold: '18' },
  { problem: 'p1', answer: '17', gold: 'She sells 9 eggs at $2 each.\n#### 18' },
  { problem: 'p1', answer: null, gold: '18' },
  { problem: 'p2', answer: '\\frac12', gold: '0.5' },
  { problem: 'p2', answer: '1/3', gold: '0.5' },
  { problem: 'p2', answer: '0.3333', gold: '0.5' },
  { problem: 'p2', answer: '\\frac{1}{3}', gold: '0.5' },
  { problem: 'p3', correct: true },
  { problem: 'p3', correct: false },
];

test('score --json has the documented shape and exact figures', () => {
  const file = path.join(dir, 'samples.jsonl');
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n{broken\n');
  const r = run(['score', file, '--k', '1,2,4', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /samples\.jsonl:11: not valid JSON/);
  assert.doesNotMatch(r.err, /different gold/, 'a raw gold field and its bare answer are the same gold');
  const s = JSON.parse(r.out);
  for (const key of ['problems', 'samples', 'passAtK', 'majAtK', 'perProblem']) assert.ok(key in s, key);
  assert.equal(s.problems, 3);
  assert.equal(s.samples, 10);
  const p1 = passAtK(4, 2, 2)!;
  const p2 = passAtK(4, 1, 2)!;
  const p3 = passAtK(2, 1, 2)!;
  assert.ok(Math.abs(s.passAtK['2'] - (p1 + p2 + p3) / 3) < 1e-12);
  assert.equal(s.passAtK['4'], (1 + 1) / 2); // p3 has only 2 samples: not estimable at k = 4
  assert.equal(s.perProblem[2].passAtK['4'], null);
  // p1 clusters: {18, 18.0} correct, {17}, one unanswered; p2: {1/3, \frac{1}{3}}, {0.3333}, {\frac12} correct.
  const m1 = majAtK([2, 1], 0, 1, 2);
  const m2 = majAtK([2, 1, 1], 2, 0, 2);
  assert.ok(Math.abs(s.majAtK['2'] - (m1 + m2) / 2) < 1e-12);
  assert.deepEqual(Object.keys(s.perProblem[0]).slice(0, 5), ['problem', 'n', 'correct', 'passAtK', 'majAtK']);
  assert.equal(s.perProblem[0].correct, 2);
  assert.equal(s.perProblem[1].correct, 1);
  assert.equal(s.perProblem[2].majAtK['1'], null);
  assert.ok(s.ci.passAtK['1'].lo <= s.passAtK['1'] && s.passAtK['1'] <= s.ci.passAtK['1'].hi);
});

test('score text output is a readable table with intervals and instability', () => {
  const file = path.join(dir, 'samples2.jsonl');
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  const r = run(['score', file, '--k', '1,4'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /3 problems, 10 samples/);
  assert.match(r.out, /k\s+pass@k\s+interval\s+maj@k\s+interval/);
  assert.match(r.out, /\n1\s+41\.7%\s+\[/);
  assert.match(r.out, /unstable problems .*: 1;/);
  assert.match(r.out, /p2\s+4\s+1\s+25\.0%/);
});

test('score rejects bad --k and exits 1 when no line is readable', () => {
  const file = path.join(dir, 'empty.jsonl');
  fs.writeFileSync(file, '{"problem": 1}\n{"problem": "x", "correct": "yes"}\n');
  const r = run(['score', file], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /empty\.jsonl:1: a line needs "answer" and "gold", or "correct"/);
  assert.match(r.err, /empty\.jsonl:2: "correct" must be true or false/);
  const k = run(['score', file, '--k', '1,0'], dir);
  assert.equal(k.code, 2);
  assert.match(k.err, /--k expects positive integers/);
});

test('score --against pairs two runs on the same problems', () => {
  const a = path.join(dir, 'a.jsonl');
  const b = path.join(dir, 'b.jsonl');
  const rowsFor = (rate: number) =>
    Array.from({ length: 60 }, (_, p) => Array.from({ length: 4 }, (_, i) => JSON.stringify({ problem: `q${p}`, correct: (p * 4 + i) % 100 < rate * 100 }))).flat();
  fs.writeFileSync(a, rowsFor(0.9).join('\n'));
  fs.writeFileSync(b, [...rowsFor(0.3), JSON.stringify({ problem: 'only-in-b', correct: true })].join('\n'));
  const r = run(['score', a, '--against', b, '--json', '--k', '1'], dir);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  assert.equal(s.comparison.pairs, 60);
  assert.equal(s.comparison.metric, 'pass@1');
  const diff = s.passAtK['1'] - rowsFor(0.3).filter((l) => JSON.parse(l).correct).length / 240;
  assert.ok(Math.abs(s.comparison.diff - diff) < 1e-12, JSON.stringify(s.comparison));
  assert.ok(s.comparison.lo > 0 && s.comparison.pValue < 0.01);
  const text = run(['score', a, '--against', b, '--k', '1'], dir);
  assert.match(text.out, /against .*b\.jsonl: pass@1 difference \+\d+\.\d points \[.*\], p = 0\.\d+ over 60 paired problems/);
});
