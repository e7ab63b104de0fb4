// CodeLens titles and placement for evaluate and synthesize entries, and `expect` warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ago, entryLenses, evalSummaryTitle, evalSummaryTooltip, expectProblems, seriesSummaryTitle, synthSummaryTitle } from '../../../server/src/insights';
import type { SeriesData } from '../../../server/src/report/series-data';
import type { EvalDef, RecipeDoc, SynthDef } from '../../../server/src/recipe/model';
import { summaryOf, times } from './summary-fixture';

const summary = summaryOf(
  [
    { id: '1', line: 0, gold: '5', answers: [...times('5', 2), '4', '4'] },
    { id: '2', line: 1, gold: '7', answers: times('8', 4) },
  ],
  4,
  [1, 2, 4],
);
const now = Date.parse(summary.updated) + 2 * 3600_000 + 60_000;

test('the summary title has pass@1 ± CI half-width, the largest pass@k and maj@k, size and age', () => {
  const half = (((summary.ci.passAtK['1']!.hi - summary.ci.passAtK['1']!.lo) / 2) * 100).toFixed(1);
  assert.equal(evalSummaryTitle({ summary, current: true, live: false }, now), `pass@1 25.0% ± ${half} · pass@4 50.0% · maj@4 ${(summary.majAtK['4']! * 100).toFixed(1)}% · 2×4 · 2 h ago`);
});

test('a run of an older recipe is marked stale, an incomplete one counts its missing samples, a live one says so', () => {
  const t = evalSummaryTitle({ summary, current: false, live: false }, now);
  assert.match(t, / \(stale: recipe changed\)$/);
  const partial = summaryOf([{ id: '1', line: 0, gold: '5', answers: ['5'] }], 4, [1, 4]);
  const p = evalSummaryTitle({ summary: partial, current: true, live: true }, now);
  assert.match(p, /^pass@1 100\.0%.* · 1×4 · 3 samples missing · in progress$/);
  assert.doesNotMatch(p, /pass@4/, 'pass@4 needs 4 samples, so it is left out rather than shown as a dash');
});

test('ago() buckets', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(ago('2026-01-01T00:00:00Z', t0 + 30_000), 'just now');
  assert.equal(ago('2026-01-01T00:00:00Z', t0 + 5 * 60_000), '5 min ago');
  assert.equal(ago('2026-01-01T00:00:00Z', t0 + 3 * 86_400_000), '3 d ago');
  assert.equal(ago('not a date', t0), 'at an unknown time');
});

const span = (start: number) => ({ start, end: start + 3 });
const ref = { kind: 'model' as const, name: 'x', span: span(0) };
const evalDef = (name: string, at: number, expect: Record<string, number>): EvalDef => ({
  name, nameSpan: span(at), span: span(at), model: ref, dataset: ref, prompt: ref, samples: 4, k: [1, 4],
  grader: { extract: 'auto', compare: 'math' }, expect, temperature: 0.7, topP: 1, maxTokens: 100,
});
const synthDef = { name: 'syn', nameSpan: span(5), span: span(5) } as unknown as SynthDef;
const doc = {
  file: '/tmp/r.recipe.yaml', dir: '/tmp', text: '', name: 'r', models: new Map(), datasets: new Map(), prompts: new Map(), references: [],
  evaluate: new Map([['later', evalDef('later', 50, {})], ['first', evalDef('first', 20, {})]]),
  synthesize: new Map([['syn', synthDef]]),
} as RecipeDoc;

test('lenses: run, preview, report (+ summary when a run exists) on evaluate; synthesize and preview on synthesize; document order', () => {
  const lenses = entryLenses({
    doc, uri: 'file:///tmp/r.recipe.yaml', now,
    evaluate: new Map([['first', { summary, current: true, live: false }]]),
    synthesize: new Map([['syn', { summary: { entry: 'syn', runDir: '', output: '', fingerprint: '', seeds: 4, candidates: 8, accepted: 3, rejected: {}, failed: 1, completed: true }, updated: summary.updated }]]),
  });
  assert.deepEqual(
    lenses.map((l) => [l.span.start, l.title.startsWith('pass@1') ? 'summary' : l.title, l.command]),
    [
      [5, '▶ Synthesize', 'passk.runSynthesis'],
      [5, 'Preview', 'passk.previewProblems'],
      [5, 'last synthesis: 3 accepted / 8 candidates (1 failed) · 2 h ago', 'passk.previewProblems'],
      [20, '▶ Run', 'passk.runEvaluation'],
      [20, 'Preview', 'passk.previewProblems'],
      [20, 'Report', 'passk.openReport'],
      [20, 'summary', 'passk.openReport'],
      [50, '▶ Run', 'passk.runEvaluation'],
      [50, 'Preview', 'passk.previewProblems'],
      [50, 'Report', 'passk.openReport'],
    ],
  );
  assert.deepEqual(lenses[3]!.arguments, ['file:///tmp/r.recipe.yaml', 'first']);
  assert.equal(synthSummaryTitle({ entry: 's', runDir: '', output: '', fingerprint: '', seeds: 1, candidates: 2, accepted: 0, rejected: {}, failed: 0, completed: false }, undefined, now), 'last synthesis: 0 accepted / 2 candidates · incomplete');
});

test('expect: a warning on the entry key for each unmet threshold, none when met, thresholds read from the recipe now', () => {
  const view = { summary, current: true, live: false };
  assert.deepEqual(expectProblems(evalDef('first', 20, { 'pass@1': 0.2, 'pass@4': 0.5 }), view), []);
  const bad = expectProblems(evalDef('first', 20, { 'pass@1': 0.4, 'maj@4': 0.99, 'pass@64': 0.1 }), { ...view, current: false });
  assert.deepEqual(bad.map((p) => [p.code, p.severity, p.span, p.data?.metric]), [
    ['run/below-expectation', 'warning', span(20), 'pass@1'],
    ['run/below-expectation', 'warning', span(20), 'maj@4'],
    ['run/below-expectation', 'warning', span(20), 'pass@64'],
  ]);
  assert.equal(bad[0]!.message, 'The latest run of "first" reached pass@1 25.0%, below the expected 40.0% (that run was made before the recipe changed).');
  assert.match(bad[2]!.message, /has no pass@64 \(too few samples per problem\)/);
  assert.deepEqual(expectProblems(evalDef('first', 20, { 'pass@1': 0.4 }), { ...view, live: true }), [], 'no verdict on a run in progress');
});

test('the summary lens has the provenance in its tooltip, with the stale warning first when the recipe changed', () => {
  const lenses = entryLenses({ doc, uri: 'file:///tmp/r.recipe.yaml', now, evaluate: new Map([['first', { summary, current: true, live: false }]]), synthesize: new Map() });
  const lens = lenses.find((l) => l.title.startsWith('pass@1'))!;
  assert.match(lens.tooltip!, /^run \S+ · recipe x\.recipe\.yaml · model student \(sim, chat\) at http:\/\/127\.0\.0\.1:1 · dataset gsm8k sha256 0{12} · grader auto\/math$/);
  assert.ok(lenses.filter((l) => l !== lens).every((l) => l.tooltip === undefined), 'action lenses keep their plain titles');
  assert.match(evalSummaryTooltip({ summary, current: false, live: false }), /^STALE: the recipe changed[^\n]*\nrun /);
});

test('the series title runs from the smallest to the largest checkpoint with a run, and counts those behind', () => {
  const fig = (k: number, pass: number) => ({ k, passAtK: pass, majAtK: pass / 2, passCi: null, majCi: null }) as never;
  const point = (model: string, value: number, ran: { pass1: number; top: number; current?: boolean; complete?: boolean } | null) => ({
    model, value, problems: ran ? 10 : null, complete: ran?.complete ?? false, current: ran?.current ?? false,
    pass1: ran ? fig(1, ran.pass1) : null, top: ran ? fig(8, ran.top) : null,
  });
  const d: SeriesData = { entry: 'scaling', label: 'SFT problems', n: 8, points: [
    point('ck0', 1000, { pass1: 0.125, top: 0.4, current: true, complete: true }),
    point('ck1', 10000, { pass1: 0.3, top: 0.7, current: false, complete: true }),
    point('ck2', 100000, null),
  ] };
  assert.equal(seriesSummaryTitle(d), 'series by SFT problems: pass@1 12.5% → 30.0% · pass@8 40.0% → 70.0% · 2/3 checkpoints run · 1 stale or incomplete');
  assert.equal(seriesSummaryTitle({ ...d, n: null, points: [point('ck0', 1, null)] }), 'series by SFT problems: 0/1 checkpoints run');
});
