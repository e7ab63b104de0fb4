// The dataset-line hover: histogram with the gold marked, bounded excerpts, and model text that cannot break
// out of its markdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerHoverMarkdown, excerptOf, pickExcerpts } from '../../../server/src/insights';
import type { SampleRecord } from '../../../server/src/runs/sample-record';
import { summaryOf, times } from './summary-fixture';

const rec = (problem: string, index: number, answer: string | null, correct: boolean, text = `work … answer ${answer}`): SampleRecord => ({
  problem, index, answer, correct, text, tokens: { prompt: 1, completion: 1 }, latencyMs: 1, finish: 'stop',
});

test('the histogram lists answers by count with bars, marks the gold ✓, and counts the rest and the unanswered', () => {
  const s = summaryOf([{ id: 'p7', line: 0, gold: '42', answers: [...times('41', 5), ...times('42', 3), '1', '2', '3', '4', '5', '6', null] }], 15, [1, 8]);
  const md = answerHoverMarkdown(s.perProblem[0]!, 'gsm', []);
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| |'));
  assert.deepEqual(rows.map((r) => r.split('|').slice(1, 4).map((c) => c.trim())), [
    ['✗', '41', '5'],
    ['✓', '42', '3'],
    ['✗', '1', '1'],
    ['✗', '2', '1'],
    ['✗', '3', '1'],
  ]);
  assert.match(md, /\| \| \*other answers\* \| 3 \|/);
  assert.match(md, /\| \| \*no answer\* \| 1 \|/);
  assert.match(md, /Gold answer: `42` ✓/);
  assert.match(md, /3 of 15 samples correct, 1 unanswered · pass@1 0\.20 · pass@8 /);
  assert.ok(md.includes('█'.repeat(16)), 'the most frequent answer gets the full bar');
});

test('excerpts: a correct sample first, then distinct wrong answers; bounded length; fences survive backticks', () => {
  const samples = [rec('p', 0, '3', false), rec('q', 0, '9', true), rec('p', 1, '3', false), rec('p', 2, '4', false, 'x'.repeat(1000)), rec('p', 3, '5', true, 'see ```code``` and ````more````'), rec('p', 4, '6', false)];
  const ex = pickExcerpts(samples, 'p', 3);
  assert.deepEqual(ex.map((e) => [e.index, e.correct]), [[3, true], [0, false], [2, false]]);
  assert.ok(ex[2]!.text.length <= 320 && ex[2]!.text.startsWith('…'));
  const s = summaryOf([{ id: 'p', line: 0, gold: '5', answers: ['3', '3', '4', '5', '6'] }], 5, [1]);
  const md = answerHoverMarkdown(s.perProblem[0]!, 'gsm', ex);
  assert.ok(md.includes('`````text\nsee ```code``` and ````more````\n`````'), 'the fence is longer than any backtick run inside');
  assert.match(md, /Sample 3 ✓ \(answer `5`\):/);
  assert.equal(excerptOf('  short  '), 'short');
});

test('answers with markdown syntax are escaped in the table, a missing gold is said plainly', () => {
  const s = summaryOf([{ id: 'p', line: 0, gold: '', answers: ['|x|*y*', '|x|*y*'] }], 2, [1]);
  const md = answerHoverMarkdown(s.perProblem[0]!, 'gsm', []);
  assert.match(md, /\| ✗ \| \\\|x\\\|\\\*y\\\* \| 2 \|/);
  assert.match(md, /Gold answer: \*\(could not be extracted\)\*/);
});

test('with its run, the hover ends with the provenance and opens with a stale warning when the recipe changed', () => {
  const s = summaryOf([{ id: 'p7', line: 0, gold: '42', answers: times('42', 4) }], 4, [1, 4]);
  const plain = answerHoverMarkdown(s.perProblem[0]!, 'gsm', []);
  assert.doesNotMatch(plain, /recipe x/);
  const current = answerHoverMarkdown(s.perProblem[0]!, 'gsm', [], { summary: s, stale: false });
  assert.match(current.split('\n').pop()!, /^\*run .* · recipe x\\\.recipe\\\.yaml · model student \\\(sim, chat\\\) at http:\/\/127\\\.0\\\.0\\\.1:1 · .*grader auto\/math\*$/);
  assert.doesNotMatch(current, /Stale/);
  assert.match(answerHoverMarkdown(s.perProblem[0]!, 'gsm', [], { summary: s, stale: true }), /^\*\*passk\*\*.*\n\n\*\*Stale:\*\* the recipe changed/);
});
