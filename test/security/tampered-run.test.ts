// Run files are validated on read: a tampered summary.json (live `<script>` where a figure belongs, wrong
// types, another run's identity), run.json or sample line is a clear problem naming the file (and line), and
// is never rendered or counted: `passk report` exits non-zero and writes no HTML. Files of today's shape
// (version 1, and summaries written before they carried a version) still read; a newer version is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarizeStoredRun } from '../../server/src/eval';
import { loadRun, openRunWriter, writeRunSummary, type RunManifest, type SampleRecord, EVAL_FORMAT_VERSION } from '../../server/src/runs';
import { CandidateJournal } from '../../server/src/synthesis/candidate-journal';
import { runCli } from '../cli/eval-cli-helpers';

const manifest: RunManifest = {
  kind: 'eval', version: 2, entry: 'gsm', recipe: '/r.recipe.yaml', fingerprint: 'ab'.repeat(32), sampleIdentity: 's'.repeat(16), figures: 'g'.repeat(16), created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z',
  model: { name: 'm', model: 'x', api: 'chat', endpoint: 'http://127.0.0.1:1', baseUrls: ['http://127.0.0.1:1/v1'] }, dataset: { name: 'd', path: '/d.jsonl', sha256: 'a' },
  prompt: { name: 'p', user: '{{ question }}' }, params: { temperature: 0.7, topP: 1, maxTokens: 16 }, samples: 2, k: [1, 2], grader: { extract: 'auto', compare: 'math' },
  problems: 2, expect: {},
};
const rec = (problem: string, index: number, correct: boolean): SampleRecord => ({
  problem, index, answer: correct ? '1' : '2', correct, tokens: { prompt: 1, completion: 1 }, latencyMs: 1, finish: 'stop', text: `The answer is ${correct ? 1 : 2}.`,
});

/** A finished run folder as passk writes it: run.json, samples.jsonl, summary.json. */
function realRun(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tamper-')), '.passk', 'eval', 'gsm-abababababab');
  const w = openRunWriter(dir, manifest, { onExisting: () => undefined, stale: () => false, regrade: (r) => r }).value!;
  w.append([rec('1', 0, true), rec('1', 1, false), rec('2', 0, true), rec('2', 1, true)]);
  w.close();
  writeRunSummary(dir, summarizeStoredRun(loadRun(dir).value!, dir));
  return dir;
}

function tamper(file: string, edit: (v: Record<string, any>) => void): void {
  const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;
  edit(v);
  fs.writeFileSync(file, JSON.stringify(v));
}

test('an untouched run reports, and its files carry their kind and version', async () => {
  const dir = realRun();
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { kind: string; version: number };
  assert.deepEqual([summary.kind, summary.version], ['eval-summary', EVAL_FORMAT_VERSION]);
  const html = path.join(dir, '..', 'report.html');
  const r = await runCli(['report', dir, '--html', html]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(fs.readFileSync(html, 'utf8'), /<html/i);
});

const tamperings: [string, (v: Record<string, any>) => void, RegExp][] = [
  ['live <script> where a figure belongs', (v) => (v.passAtK['1'] = '<script>alert(1)</script>'), /passAtK\.1: expected a number from 0 to 1, got "<script>alert\(1\)<\/script>"/],
  ['<script> as the fingerprint', (v) => (v.fingerprint = '<script>alert(1)</script>'), /fingerprint: expected a hex fingerprint/],
  ['a sample count that is a string', (v) => (v.perProblem[0].n = '5'), /perProblem\[0\]\.n: expected a whole number/],
  ['a per-problem list that is an object', (v) => (v.perProblem = { '<img src=x onerror=alert(1)>': 1 }), /perProblem: expected a list/],
  ['another run\'s summary', (v) => (v.entry = 'other'), /belongs to another run/],
  ['a summary from a newer passk', (v) => (v.version = 7), /newer passk \(format version 7/],
];

for (const [what, edit, reason] of tamperings) {
  test(`summary.json with ${what}: a clear error naming the file, passk report exits 1 and writes no HTML`, async () => {
    const dir = realRun();
    const file = path.join(dir, 'summary.json');
    tamper(file, edit);
    const loaded = loadRun(dir);
    const problem = loaded.problems.find((p) => p.code === 'runs/invalid-file');
    assert.ok(problem, JSON.stringify(loaded.problems));
    assert.equal(problem.severity, 'error');
    assert.ok(problem.message.includes(file));
    assert.match(problem.message, reason);
    assert.equal(loaded.value?.summary, undefined, 'the invalid summary is not handed to anyone');
    const html = path.join(dir, '..', 'report.html');
    const r = await runCli(['report', dir, '--html', html, '--junit', path.join(dir, '..', 'junit.xml')]);
    assert.equal(r.code, 1, r.stdout);
    assert.ok(r.stderr.includes('summary.json'), r.stderr);
    assert.ok(!fs.existsSync(html), 'no HTML is written');
    assert.ok(!fs.existsSync(path.join(dir, '..', 'junit.xml')));
    assert.ok(!r.stdout.includes('<script>'));
  });
}

test('a tampered run.json is an error naming it, and the run is not reported', async () => {
  const dir = realRun();
  tamper(path.join(dir, 'run.json'), (v) => (v.samples = '<script>alert(1)</script>'));
  const loaded = loadRun(dir);
  assert.equal(loaded.value, undefined);
  assert.match(loaded.problems[0]!.message, /run\.json is not a valid passk run file: samples: expected a whole number/);
  const r = await runCli(['report', dir]);
  assert.equal(r.code, 1);
  assert.ok(r.stderr.includes(path.join(dir, 'run.json')), r.stderr);
});

test('invalid sample lines are reported by line and left out of the figures', () => {
  const dir = realRun();
  fs.rmSync(path.join(dir, 'summary.json'));
  const file = path.join(dir, 'samples.jsonl');
  fs.appendFileSync(file, [
    JSON.stringify({ ...rec('3', 0, true), correct: 'yes' }),
    JSON.stringify({ ...rec('3', 1, true), tokens: { prompt: '<b>', completion: 1 } }),
    '<script>alert(1)</script>',
    JSON.stringify(rec('2', 1, true)), // a duplicate counts once
  ].join('\n') + '\n');
  const run = loadRun(dir).value!;
  const verdicts = [...run.verdicts()];
  assert.deepEqual(verdicts.map((v) => `${v.problem}/${v.index}`), ['1/0', '1/1', '2/0', '2/1', '2/1']);
  assert.deepEqual(run.lineProblems.map((p) => p.message.match(/^Line (\d+) of (.*?) is/)!.slice(1)), [['5', file], ['6', file], ['7', file]]);
  assert.match(run.lineProblems[0]!.message, /correct: expected true or false/);
  assert.match(run.lineProblems[1]!.message, /tokens\.prompt: expected a whole number/);
  const summary = summarizeStoredRun(run, dir);
  assert.equal(summary.samples, 4);
  assert.deepEqual(summary.perProblem.map((p) => p.problem), ['1', '2']);
  assert.equal([...run.samples()].length, 5);
});

test('invalid journal lines are reported by line and never exported', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tamper-journal-'));
  const good = { key: 's#0', seed: 's', index: 0, question: 'Q?', status: 'rejected', reason: 'unverified' };
  fs.writeFileSync(path.join(dir, 'candidates.jsonl'), [
    JSON.stringify(good),
    JSON.stringify({ key: 's#1', seed: 's', index: 1, question: 'Q2?', status: 'accepted', answer: '1', agreement: 1 }),
    JSON.stringify({ ...good, key: 's#2', index: 2, status: 'accepted', row: { messages: '<script>', answer: '1', meta: {} } }),
  ].join('\n') + '\n');
  const j = new CandidateJournal(dir);
  j.open();
  j.close();
  assert.deepEqual([...j.keys()], ['s#0']);
  assert.deepEqual(j.problems.map((p) => p.message.match(/^Line (\d+)/)![1]), ['2', '3']);
  assert.match(j.problems[0]!.message, /accepted candidate without its row/);
  assert.match(j.problems[1]!.message, /row\.messages: expected a list/);
});

test('a summary of today\'s shape without kind and version (written before versions) still reads', () => {
  const dir = realRun();
  tamper(path.join(dir, 'summary.json'), (v) => {
    delete v.kind;
    delete v.version;
  });
  const loaded = loadRun(dir);
  assert.deepEqual(loaded.problems, []);
  assert.equal(loaded.value!.summary!.samples, 4);
});
