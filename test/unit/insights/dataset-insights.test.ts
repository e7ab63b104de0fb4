// Dataset-line insights: hint labels and their positions at line starts or exact line ends (UTF-16), which lines
// get which diagnostic code at which configured level, the summary line, ranges, and changes against a baseline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FINDING_LEVELS, datasetInsights, lineLabel, readFindingLevels } from '../../../server/src/insights';
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

const lineStart = (line: number) => (line === 0 ? 0 : lineEnd(line - 1) + 1);

test('hints sit at the start of each problem line by default: a short pass@1 whose tooltip has every figure', () => {
  const { hints } = datasetInsights(summary, text);
  assert.deepEqual(hints.map((h) => [h.line, h.offset]), [0, 1, 2, 3].map((l) => [l, lineStart(l)]));
  assert.deepEqual(hints.map((h) => h.label), ['0.75│', '0.00│', '0.25│', '0.00│']);
  assert.deepEqual(hints.map((h) => h.flags), [[], ['never-solved'], ['unstable'], ['gold-not-extractable']]);
  assert.match(hints[2]!.tooltip, /^pass@1 0\.25 · pass@4 1\.00 · maj 0\.33 \(unstable\)\n1 of 4 samples correct/);
  assert.equal(datasetInsights(summary, text, { stale: true }).hints[0]!.label, '0.75 stale│');
});

test('a JSON array row is hinted at its first non-blank character, past the indentation', () => {
  const arr = '[\n  {"q":"a"},\n\t {"q":"b"}\n]\n';
  const s = summaryOf([{ id: 'a', line: 1, gold: '1', answers: ['1', '2'] }, { id: 'b', line: 2, gold: '1', answers: ['1', '1'] }], 2, [1]);
  const { hints } = datasetInsights(s, arr);
  assert.deepEqual(hints.map((h) => [arr.slice(h.offset, h.offset + 5), h.label]), [['{"q":', '0.50│'], ['{"q":', '1.00│']]);
});

test('placement end: the full figures at the exact end of each problem line', () => {
  const { hints } = datasetInsights(summary, text, { placement: 'end' });
  assert.deepEqual(hints.map((h) => [h.line, h.offset]), [0, 1, 2, 3].map((l) => [l, lineEnd(l)]));
  assert.equal(hints[0]!.label, 'pass@1 0.75 · pass@4 1.00 · maj 1.00');
  assert.equal(hints[1]!.label, 'pass@1 0.00 · pass@4 0.00 · maj 0.00');
  // Three one-vote answers tie, so the gold wins maj@4 a third of the time.
  assert.equal(hints[2]!.label, 'pass@1 0.25 · pass@4 1.00 · maj 0.33');
  assert.match(hints[2]!.tooltip, /1 of 4 samples correct.*1 gave no answer/);
  assert.match(hints[0]!.tooltip, /\nrun \S+ · recipe x\.recipe\.yaml · model student \(sim, chat\) at http:\/\/127\.0\.0\.1:1 · dataset gsm8k sha256 0{12} · grader auto\/math$/);
  const stale = datasetInsights(summary, text, { stale: true, placement: 'end' }).hints;
  assert.equal(stale[0]!.label, 'pass@1 0.75 · pass@4 1.00 · maj 1.00 (stale)');
  assert.match(stale[0]!.tooltip, /\nStale: the recipe changed since this run\. run /);
});

test('diagnostics by default: a summary line, never solved (warning), unstable (hint), gold not extractable (error)', () => {
  const { problems, counts } = datasetInsights(summary, text, { file: '/tmp/gsm.jsonl' });
  assert.deepEqual(
    problems.map((p) => [p.code, p.severity, p.span]),
    [
      ['run/summary', 'information', { start: 0, end: lineEnd(0) }],
      ['run/never-solved', 'warning', { start: lineEnd(0) + 1, end: lineEnd(1) }],
      ['run/unstable', 'hint', { start: lineEnd(1) + 1, end: lineEnd(2) }],
      ['run/gold-not-extractable', 'error', { start: lineEnd(2) + 1, end: lineEnd(3) }],
    ],
  );
  assert.deepEqual(counts, { 'gold-not-extractable': 1, 'never-solved': 1, unstable: 1, regressed: 0 });
  assert.ok(problems.every((p) => p.file === '/tmp/gsm.jsonl' && /\.$/.test(p.message)));
  assert.equal(problems[0]!.message, `Run of "gsm" (pass@1 ${summary.passAtK['1']!.toFixed(2)}): 1 gold answer not extractable, 1 never solved, 1 unstable.`);
  assert.match(problems[1]!.message, /never solved in 4 samples of "gsm" \(gold 7\)/);
});

test('each kind of finding has its own level, and off drops it (the counts stay)', () => {
  const levels = readFindingLevels({ neverSolved: 'error', unstable: 'off', summary: 'off', goldNotExtractable: 'loud' });
  assert.deepEqual(levels, { ...DEFAULT_FINDING_LEVELS, neverSolved: 'error', unstable: 'off', summary: 'off' });
  const r = datasetInsights(summary, text, { levels });
  assert.deepEqual(r.problems.map((p) => [p.code, p.severity]), [['run/never-solved', 'error'], ['run/gold-not-extractable', 'error']]);
  assert.equal(r.counts.unstable, 1);
});

test('a range computes hints and line diagnostics only inside it; the summary still counts the whole run', () => {
  const r = datasetInsights(summary, text, { lines: { start: 2, end: 2 } });
  assert.deepEqual(r.hints.map((h) => h.line), [2]);
  assert.deepEqual(r.problems.map((p) => p.code), ['run/unstable']);
  const top = datasetInsights(summary, text, { lines: { start: 0, end: 1 } });
  assert.deepEqual(top.problems.map((p) => p.code), ['run/summary', 'run/never-solved']);
  assert.match(top.problems[0]!.message, /1 gold answer not extractable, 1 never solved, 1 unstable/);
});

test('against a baseline: the change of pass@1 per line, and a drop past the threshold is a regression', () => {
  const baseline = {
    ...summaryOf(
      [
        { id: '1', line: 5, gold: '5', answers: times('5', 4) }, // 1.00 → 0.75: ▼0.25
        { id: '2', line: 1, gold: '7', answers: ['7', '8', '8', '8'] }, // 0.25 → 0.00: ▼0.25
        { id: '3', line: 2, gold: '9', answers: ['9', '1', '2', null] }, // unchanged
      ],
      4,
      [1, 4],
    ),
    runDir: '/tmp/.passk/eval/base-run',
  };
  const r = datasetInsights(summary, text, { baseline: { summary: baseline, threshold: 0.25 } });
  assert.deepEqual(r.hints.map((h) => h.label), ['0.75 ▼0.25│', '0.00 ▼0.25│', '0.25│', '0.00│']);
  assert.deepEqual(r.hints.map((h) => h.delta), [-0.25, -0.25, 0, undefined]);
  assert.deepEqual(r.hints.map((h) => h.flags), [['regressed'], ['never-solved', 'regressed'], ['unstable'], ['gold-not-extractable']]);
  assert.match(r.hints[0]!.tooltip, /^pass@1 0\.75 ▼0\.25 · pass@4 1\.00 · maj 1\.00 \(regressed\)\n.*\nBaseline: run base-run .* \(pass@1 1\.00\)$/s);
  assert.deepEqual(r.problems.filter((p) => p.code === 'run/regressed').map((p) => [p.span, p.severity]), [
    [{ start: 0, end: lineEnd(0) }, 'warning'],
    [{ start: lineEnd(0) + 1, end: lineEnd(1) }, 'warning'],
  ]);
  assert.match(r.problems.find((p) => p.code === 'run/regressed')!.message, /regressed in "gsm": pass@1 0\.75, 1\.00 in the baseline run\./);
  assert.match(r.problems[0]!.message, /1 never solved, 1 unstable, 2 regressed against the baseline run "base-run"\.$/);
  // A higher threshold makes the same drops no regression, while the change still shows.
  const lax = datasetInsights(summary, text, { baseline: { summary: baseline, threshold: 0.3 } });
  assert.equal(lax.counts.regressed, 0);
  assert.equal(lax.hints[0]!.label, '0.75 ▼0.25│');
  assert.equal(datasetInsights(summary, text, { baseline: { summary: baseline, threshold: 0.3 }, placement: 'end' }).hints[0]!.label, 'pass@1 0.75 ▼0.25 · pass@4 1.00 · maj 1.00');
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
  assert.deepEqual(r.problems.map((p) => p.code), ['run/summary', 'run/never-solved']);
  assert.equal(lineLabel(s.perProblem[3]!), undefined);
});

test('hints: false keeps the diagnostics and drops the labels', () => {
  const r = datasetInsights(summary, text, { hints: false });
  assert.equal(r.hints.length, 0);
  assert.equal(r.problems.length, 4);
});
