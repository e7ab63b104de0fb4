// The report renderings of a summary built by the real summariser from known counts: the table shows every k
// with intervals, the HTML is one self-contained file (inline SVG, only its own hashed script, no external URL) that escapes
// answers, and JUnit has one case per problem failing exactly the never-solved ones plus the expect checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeRun } from '../../../server/src/eval';
import { addToTally, newTally, type ProblemTally, type RunManifest } from '../../../server/src/runs';
import { createHash } from 'node:crypto';
import { renderHtmlReport, renderJUnit, renderSummaryTable } from '../../../server/src/report';
import { VIEW_SCRIPT } from '../../../server/src/report/view-script';

const manifest: RunManifest = {
  kind: 'eval', version: 2, sampleIdentity: 'c'.repeat(64), figures: 'd'.repeat(64), entry: 'gsm<8k>', recipe: '/r.recipe.yaml', fingerprint: 'abcdef0123456789'.repeat(4), created: '2026-01-01T00:00:00.000Z', updated: '2026-01-02T00:00:00.000Z',
  model: { name: 'student', model: 'llama-7b', api: 'chat', endpoint: 'http://127.0.0.1:1', baseUrls: ['http://127.0.0.1:1/v1'] }, dataset: { name: 'gsm8k', path: '/d.jsonl', sha256: 'a' },
  prompt: { name: 'cot', user: '{{ question }}' }, params: { temperature: 0.7, topP: 1, maxTokens: 16, seed: 3 }, samples: 4, k: [1, 2, 4],
  grader: { extract: 'auto', compare: 'math' }, problems: 3, expect: { 'pass@1': 0.9, 'pass@4': 0.5 },
};

function summary() {
  // Problem a: always right; b: right once with two votes for a wrong "<b>" answer; c: never right.
  const verdicts: Record<string, [string | null, boolean][]> = {
    a: [['18', true], ['18', true], ['18', true], ['18', true]],
    b: [['5', true], ['<b>', false], ['<b>', false], [null, false]],
    c: [['1', false], ['2', false], ['3', false], ['4', false]],
  };
  const tallies = new Map<string, ProblemTally>();
  for (const [id, list] of Object.entries(verdicts)) {
    const t = newTally(id);
    list.forEach(([answer, correct], index) => addToTally(t, { index, answer, correct }));
    tallies.set(id, t);
  }
  return summarizeRun({ manifest, runDir: '/runs/x', problems: [{ id: 'a', line: 0, gold: '18' }, { id: 'b', line: 1, gold: '5' }, { id: 'c', line: 2, gold: '7' }], tallies, tokens: { prompt: 1, completion: 2 } });
}

test('the summary carries exact figures and the expect verdicts', () => {
  const s = summary();
  assert.equal(s.passAtK['1'], (1 + 0.25 + 0) / 3);
  assert.equal(s.passAtK['4'], 2 / 3);
  assert.equal(s.complete, true);
  assert.deepEqual(s.expect.map((e) => e.passed), [false, true]);
  assert.deepEqual(s.perProblem[1]!.answers[0], { answer: '<b>', count: 2, correct: false });
  assert.equal(s.perProblem[1]!.unanswered, 1);
});

test('the table lists each k with pass@k, maj@k and intervals, and failed expectations', () => {
  const t = renderSummaryTable(summary());
  assert.match(t, /^1\s+41\.7%\s+\[/m);
  assert.match(t, /^4\s+66\.7%/m);
  assert.match(t, /expect pass@1 ≥ 0\.9: FAILED \(41\.7%\)/);
  assert.match(t, /expect pass@4 ≥ 0\.5: ok/);
});

test('the HTML report is self-contained: inline SVG, only its own hashed script, no external resource, answers escaped', () => {
  const html = renderHtmlReport(summary());
  assert.match(html, /^<!doctype html>/);
  assert.equal((html.match(/<svg /g) ?? []).length, 2);
  // The one script is the constant sorting/search script, allowed by its hash and by nothing else.
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [VIEW_SCRIPT.text]);
  const hash = createHash('sha256').update(VIEW_SCRIPT.text).digest('base64');
  assert.ok(html.includes(`script-src 'sha256-${hash}';`));
  assert.equal((html.match(/<script/gi) ?? []).length, 1);
  assert.ok(!/<link|<img|@import|url\(/i.test(html));
  assert.ok(!/(src|href)=/i.test(html));
  // The endpoint origin is shown as text (provenance); no other URL may appear.
  assert.ok(!/https?:\/\/(?!www\.w3\.org\/(2000\/svg|1998\/Math\/MathML))/.test(html.replace('http://127.0.0.1:1/v1', '').replaceAll('at http://127.0.0.1:1 ', '')));
  assert.ok(html.includes('&lt;b&gt;') && !html.includes('<span class="bad"><b></span>'));
  assert.ok(html.includes('gsm&lt;8k&gt;'));
  assert.match(html, /pass@k at k=4: 66\.7%/);
});

test('JUnit has one case per problem failing the never-solved one, plus one per expect threshold', () => {
  const xml = renderJUnit(summary());
  assert.match(xml, /<testsuites tests="5" failures="2">/);
  assert.equal((xml.match(/<testcase /g) ?? []).length, 5);
  assert.match(xml, /name="problem c"><failure message="never solved in 4 samples; gold 7, most frequent answer 1" type="unsolved"\/>/);
  assert.match(xml, /name="expect pass@1 &gt;= 0\.9"><failure/);
  assert.ok(!/name="problem b"><failure/.test(xml));
  assert.match(xml, /classname="passk\.gsm&lt;8k&gt;"/);
});

test('maj@k counts every cluster the grader accepted, even when the clusterer keeps them apart', () => {
  const t = newTally('p');
  const answers: [string, boolean][] = [['0.5', true], ['0.5', true], ['1/2', true], ['1/2', true], ['x', false], ['x', false], ['x', false]];
  answers.forEach(([answer, correct], index) => addToTally(t, { index, answer, correct }));
  const s = summarizeRun({
    manifest: { ...manifest, samples: 7, k: [1], grader: { extract: 'auto', compare: 'exact' }, problems: 1, expect: {} },
    runDir: '/runs/y', problems: [{ id: 'p', line: 0, gold: '1/2' }], tallies: new Map([['p', t]]), tokens: { prompt: 0, completion: 0 },
  });
  assert.ok(Math.abs(s.majAtK['1']! - 4 / 7) < 1e-12, `maj@1 ${s.majAtK['1']}`);
  assert.ok(Math.abs(s.passAtK['1']! - 4 / 7) < 1e-12);
});

test('every output names what produced the figures, and a stale run says so first', () => {
  const s = summary();
  const table = renderSummaryTable({ ...s, runDir: '/x/.passk/eval/gsm-abc' });
  assert.ok(table.split('\n')[1]!.startsWith('run gsm-abc · recipe r.recipe.yaml · model student (llama-7b, chat) at http://127.0.0.1:1'), table);
  assert.doesNotMatch(table, /STALE/);
  assert.match(renderSummaryTable(s, { stale: true }), /^STALE: the recipe changed/);
  assert.ok(renderHtmlReport(s).includes('id="provenance">run x · recipe r.recipe.yaml · model student (llama-7b, chat) at http://127.0.0.1:1 · dataset gsm8k sha256 a · grader auto/math</p>'));
  assert.match(renderHtmlReport(s, { stale: true }), /<p class="bad"><b>STALE: the recipe changed/);
  const xml = renderJUnit(s, { stale: true });
  assert.match(xml, /<property name="passk.endpoint" value="http:\/\/127.0.0.1:1"\/>/);
  assert.match(xml, /<property name="passk.grader" value="auto\/math"\/>/);
  assert.match(xml, /<property name="passk.stale" value="true"\/>/);
});
