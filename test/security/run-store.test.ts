// The run store never follows a link and never opens a special file: a link planted as samples.jsonl, run.json,
// summary.json or the synthesis journal, a linked run folder and a linked `.passk/` are each an error naming
// the path, and the file the link points to (outside the run) keeps its bytes. Whole files are replaced
// atomically (a new file renamed over the old one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRun, openRunWriter, writeFileAtomic, writeRunSummary, type RunManifest, type SampleRecord } from '../../server/src/runs';
import { CandidateJournal } from '../../server/src/synthesis/candidate-journal';
import { runCli } from '../cli/eval-cli-helpers';

const manifest: RunManifest = {
  kind: 'eval', version: 2, entry: 'e', recipe: '/r.recipe.yaml', fingerprint: 'f'.repeat(64), sampleIdentity: 's'.repeat(16), figures: 'g'.repeat(16), created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z',
  model: { name: 'm', model: 'x', api: 'chat', endpoint: 'http://127.0.0.1:1', baseUrls: ['http://127.0.0.1:1/v1'] }, dataset: { name: 'd', path: '/d.jsonl', sha256: 'a' },
  prompt: { name: 'p', user: '{{ question }}' }, params: { temperature: 0.7, topP: 1, maxTokens: 16 }, samples: 2, k: [1], grader: { extract: 'auto', compare: 'math' },
  problems: 1, expect: {},
};
const rec = (problem: string, index: number): SampleRecord => ({ problem, index, answer: '1', correct: true, tokens: { prompt: 1, completion: 1 }, latencyMs: 1, finish: 'stop', text: 'The answer is 1.' });
const noop = { onExisting: () => undefined, stale: () => false, regrade: (r: SampleRecord) => r };
const tmp = (p = 'passk-store-') => fs.mkdtempSync(path.join(os.tmpdir(), p));

/** A file outside every run, whose last line has no newline (a writer would take it for a torn line and cut it). */
function victim(): { file: string; bytes: Buffer } {
  const file = path.join(tmp('passk-outside-'), 'notes.jsonl');
  fs.writeFileSync(file, '{"mine":1}\n{"mine":2}\n{"unfinished":');
  return { file, bytes: fs.readFileSync(file) };
}

/** Opens a writer and, should it succeed, does what a run does with it, so any write through a link lands. */
function tryRun(dir: string) {
  const w = openRunWriter(dir, manifest, noop);
  if (w.value) {
    w.value.append([rec('1', 0)]);
    w.value.saveManifest();
    w.value.close();
  }
  return w;
}

for (const name of ['samples.jsonl', 'run.json']) {
  test(`a link planted as ${name} is an error naming it, and its target keeps its bytes`, () => {
    const dir = path.join(tmp(), '.passk', 'eval', 'e-ffffffffffff');
    fs.mkdirSync(dir, { recursive: true });
    const v = victim();
    fs.symlinkSync(v.file, path.join(dir, name));
    const w = tryRun(dir);
    assert.equal(w.value, undefined);
    assert.ok(w.problems.some((p) => p.severity === 'error' && p.message.includes(path.join(dir, name)) && /symbolic link/.test(p.message)), JSON.stringify(w.problems));
    assert.deepEqual(fs.readFileSync(v.file), v.bytes);
  });
}

test('a link planted as summary.json is reported by the reader and never replaced through', () => {
  const dir = path.join(tmp(), '.passk', 'eval', 'e-ffffffffffff');
  const w = openRunWriter(dir, manifest, noop).value!;
  w.append([rec('1', 0)]);
  w.close();
  const v = victim();
  fs.symlinkSync(v.file, path.join(dir, 'summary.json'));
  const loaded = loadRun(dir);
  assert.ok(loaded.problems.some((p) => p.code === 'runs/unsafe-path' && p.severity === 'error' && p.message.includes(path.join(dir, 'summary.json')) && /symbolic link/.test(p.message)), JSON.stringify(loaded.problems));
  assert.equal(loaded.value?.summary, undefined);
  assert.throws(() => writeRunSummary(dir, {} as never), /summary\.json is a symbolic link/);
  assert.deepEqual(fs.readFileSync(v.file), v.bytes);
});

test('a link planted as samples.jsonl is not read for figures', () => {
  const dir = path.join(tmp(), '.passk', 'eval', 'e-ffffffffffff');
  openRunWriter(dir, manifest, noop).value!.close();
  const outside = path.join(tmp('passk-outside-'), 'samples.jsonl');
  fs.writeFileSync(outside, JSON.stringify(rec('1', 0)) + '\n');
  fs.rmSync(path.join(dir, 'samples.jsonl'));
  fs.symlinkSync(outside, path.join(dir, 'samples.jsonl'));
  const run = loadRun(dir).value!;
  assert.equal([...run.verdicts()].length, 0);
  assert.ok(run.lineProblems.some((p) => p.severity === 'error' && /samples\.jsonl is a symbolic link/.test(p.message)), JSON.stringify(run.lineProblems));
});

test('a linked .passk folder and a linked run folder are errors naming them; nothing is written where they point', () => {
  const ws = tmp();
  const elsewhere = tmp('passk-outside-');
  fs.symlinkSync(elsewhere, path.join(ws, '.passk'));
  const w = tryRun(path.join(ws, '.passk', 'eval', 'e-ffffffffffff'));
  assert.equal(w.value, undefined);
  assert.match(w.problems[0]!.message, new RegExp(`${path.join(ws, '.passk').replace(/[.\\]/g, '\\$&')} is a symbolic link`));
  assert.deepEqual(fs.readdirSync(elsewhere), []);

  const ws2 = tmp();
  const target = tmp('passk-outside-');
  fs.mkdirSync(path.join(ws2, '.passk', 'eval'), { recursive: true });
  const runDir = path.join(ws2, '.passk', 'eval', 'e-ffffffffffff');
  fs.symlinkSync(target, runDir);
  const w2 = tryRun(runDir);
  assert.equal(w2.value, undefined);
  assert.match(w2.problems[0]!.message, /e-ffffffffffff is a symbolic link/);
  assert.deepEqual(fs.readdirSync(target), []);
  const loaded = loadRun(runDir);
  assert.equal(loaded.value, undefined);
  assert.match(loaded.problems[0]!.message, /is a symbolic link/);
});

test('a link planted as the synthesis journal is refused and its target keeps its bytes', () => {
  const dir = tmp();
  const v = victim();
  fs.symlinkSync(v.file, path.join(dir, 'candidates.jsonl'));
  const j = new CandidateJournal(dir);
  assert.throws(() => j.open(), /candidates\.jsonl is a symbolic link/);
  j.append({ key: 's#0', seed: 's', index: 0, question: null, status: 'rejected', reason: 'unparsable' });
  j.close();
  assert.deepEqual(fs.readFileSync(v.file), v.bytes);
});

test('a FIFO planted as samples.jsonl is refused without blocking', { timeout: 20_000 }, (t) => {
  const dir = path.join(tmp(), '.passk', 'eval', 'e-ffffffffffff');
  fs.mkdirSync(dir, { recursive: true });
  if (spawnSync('mkfifo', [path.join(dir, 'samples.jsonl')]).status !== 0) {
    t.diagnostic('mkfifo is not available');
    assert.fail('mkfifo is needed for this test');
  }
  const w = tryRun(dir);
  assert.equal(w.value, undefined);
  assert.match(w.problems.map((p) => p.message).join('\n'), /samples\.jsonl is not a regular file/);
});

test('whole files are replaced by a rename: a reader holding the old file sees it whole, and no temporary is left', () => {
  const dir = tmp();
  const file = path.join(dir, 'run.json');
  writeFileAtomic(file, 'old content\n');
  const fd = fs.openSync(file, 'r');
  const inode = fs.fstatSync(fd).ino;
  writeFileAtomic(file, 'new content that is longer\n');
  assert.equal(fs.readFileSync(fd, 'utf8'), 'old content\n');
  fs.closeSync(fd);
  assert.notEqual(fs.statSync(file).ino, inode);
  assert.equal(fs.readFileSync(file, 'utf8'), 'new content that is longer\n');
  assert.deepEqual(fs.readdirSync(dir), ['run.json']);
});

test('passk report names a linked .passk folder and a FIFO planted as samples.jsonl, exits 1 and does not hang', { timeout: 120_000 }, async () => {
  const ws = tmp();
  const recipe = path.join(ws, 'r.recipe.yaml');
  fs.writeFileSync(path.join(ws, 'd.jsonl'), '{"question":"1+1?","answer":"#### 2"}\n');
  fs.writeFileSync(recipe, `passk: 1
models:
  m: { baseUrl: http://127.0.0.1:9/v1, model: x }
datasets:
  d: { path: d.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  p: "{{ question }}"
evaluate:
  e: { model: m, dataset: d, prompt: p, samples: 1, k: [1] }
`);
  const elsewhere = tmp('passk-outside-');
  fs.mkdirSync(path.join(elsewhere, 'eval', 'e-ffffffffffff'), { recursive: true });
  fs.writeFileSync(path.join(elsewhere, 'eval', 'e-ffffffffffff', 'run.json'), JSON.stringify({ ...manifest, entry: 'e' }));
  fs.symlinkSync(elsewhere, path.join(ws, '.passk'));
  const linked = await runCli(['report', recipe]);
  assert.equal(linked.code, 1);
  assert.ok(linked.stderr.includes(`${path.join(ws, '.passk')} is a symbolic link`), linked.stderr);

  const dir = path.join(tmp(), '.passk', 'eval', 'e-ffffffffffff');
  openRunWriter(dir, manifest, noop).value!.close();
  fs.rmSync(path.join(dir, 'samples.jsonl'));
  if (spawnSync('mkfifo', [path.join(dir, 'samples.jsonl')]).status !== 0) assert.fail('mkfifo is needed for this test');
  const fifo = await runCli(['report', dir]);
  assert.equal(fifo.code, 1);
  assert.match(fifo.stderr, /samples\.jsonl is not a regular file/);
});
