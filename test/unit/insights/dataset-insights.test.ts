// Dataset-line insights: hint labels and their positions at the exact line ends (UTF-16), and which lines get
// which diagnostic code and severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetInsights, lineLabel } from '../../../server/src/insights';
import { summaryOf, times } from './summary-fixture';

const text = ['{"q":"a"}', '{"q":"b — ünïcödé 😀"}', '{"q":"c"}', '{"q":"d"}', ''].join('\n');
const lineEnd = (line: number) => text.split('\n').slice(0, line + 1).join('\n').length;

const summary = summaryOf(
  [
    { id: '1', line: 0, gold: '5', answers: [...times('5', 3), '4'] }, // solved 3/4
    { id: '2', line: 1, gold: '7', answers: times('8', 4) }, // never solved
    { id: '3', line: 2, gold: '9', answers: ['9', '1', '2', null] }, // unstable: 1/4
    { id: '4', line: 3, gold: '', answers: times('3', 4) }, // gold not extractable
  ],
  4,
  [1, 4],
);

test('hints sit at the end of each problem line with pass@1, the largest pass@k and maj', () => {
  const { hints } = datasetInsights(summary, text);
  assert.deepEqual(hints.map((h) => [h.line, h.offset]), [0, 1, 2, 3].map((l) => [l, lineEnd(l)]));
  assert.equal(hints[0]!.label, 'pass@1 0.75 · pass@4 1.00 · maj 1.00');
  assert.equal(hints[1]!.label, 'pass@1 0.00 · pass@4 0.00 · maj 0.00');
  // Three one-vote answers tie, so the gold wins maj@4 a third of the time.
  assert.equal(hints[2]!.label, 'pass@1 0.25 · pass@4 1.00 · maj 0.33');
  assert.match(hints[2]!.tooltip, /1 of 4 samples correct.*1 gave no answer/);
  assert.match(hints[0]!.tooltip, /\nrun \S+ · recipe x\.recipe\.yaml · model student \(sim, chat\) at http:\/\/127\.0\.0\.1:1 · dataset gsm8k sha256 0{12} · grader auto\/math$/);
  const stale = datasetInsights(summary, text, { stale: true }).hints;
  assert.equal(stale[0]!.label, 'pass@1 0.75 · pass@4 1.00 · maj 1.00 (stale)');
  assert.match(stale[0]!.tooltip, /\nStale: the recipe changed since this run\. run /);
});

test('diagnostics: never solved (warning), unstable (information), gold not extractable (error), whole lines', () => {
  const { problems } = datasetInsights(summary, text, { file: '/tmp/gsm.jsonl' });
  assert.deepEqual(
    problems.map((p) => [p.code, p.severity, p.span]),
    [
      ['run/never-solved', 'warning', { start: lineEnd(0) + 1, end: lineEnd(1) }],
      ['run/unstable', 'information', { start: lineEnd(1) + 1, end: lineEnd(2) }],
      ['run/gold-not-extractable', 'error', { start: lineEnd(2) + 1, end: lineEnd(3) }],
    ],
  );
  assert.ok(problems.every((p) => p.file === '/tmp/gsm.jsonl' && /\.$/.test(p.message)));
  assert.match(problems[0]!.message, /never solved in 4 samples of "gsm" \(gold 7\)/);
});

test('lines the text no longer has, unknown lines (−1) and problems without samples are left out', () => {
  const s = summaryOf(
    [
      { id: 'a', line: 0, gold: '1', answers: times('2', 2) },
      { id: 'b', line: -1, gold: '1', answers: times('2', 2) },
      { id: 'c', line: 99, gold: '1', answers: times('2', 2) },
      { id: 'd', line: 1, gold: '1', answers: [] },
    ],
    2,
    [1],
  );
  const r = datasetInsights(s, '{"q":1}\n{"q":2}\n');
  assert.deepEqual(r.hints.map((h) => h.line), [0]);
  assert.deepEqual(r.problems.map((p) => p.code), ['run/never-solved']);
  assert.equal(lineLabel(s.perProblem[3]!), undefined);
});

test('hints: false keeps the diagnostics and drops the labels', () => {
  const r = datasetInsights(summary, text, { hints: false });
  assert.equal(r.hints.length, 0);
  assert.equal(r.problems.length, 3);
});
