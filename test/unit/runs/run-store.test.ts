// The run folder contract (docs/runs.md): a torn last line is dropped and re-requested, duplicates never count
// twice, a live lock refuses a second writer while a dead writer's lock is taken over, stale verdicts are
// regraded, and the sample identity (docs/runs.md) moves with what changes samples and stays put for what does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openRunWriter, readLines, acquireRunLock, parseSampleVerdict, type RunManifest, type SampleRecord, type SampleVerdict, canonicalJson } from '../../../server/src/runs';
import { endpointIdentity, entrySampleIdentity, requestIdentity } from '../../../server/src/runs/sample-identity';
import { verdictIdentity } from '../../../server/src/runs/verdict-identity';

const manifest: RunManifest = {
  kind: 'eval', version: 2, entry: 'e', recipe: '/r.recipe.yaml', fingerprint: 'f'.repeat(64), sampleIdentity: 'e'.repeat(64), figures: 'd'.repeat(64),
  created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z',
  model: { name: 'm', model: 'x', api: 'chat', endpoint: 'http://127.0.0.1:1', baseUrls: ['http://127.0.0.1:1/v1'] }, dataset: { name: 'd', path: '/d.jsonl', sha256: 'a' },
  prompt: { name: 'p', user: '{{ question }}' }, params: { temperature: 0.7, topP: 1, maxTokens: 16 }, samples: 2, k: [1], grader: { extract: 'auto', compare: 'math' },
  problems: 1, expect: {},
};

const REQ = '0123456789abcdef';
const A12 = 'a'.repeat(12);
const B12 = 'b'.repeat(12);
const rec = (problem: string, index: number, correct = true, vid = A12): SampleRecord => ({
  problem, index, answer: correct ? '1' : '2', correct, tokens: { prompt: 1, completion: 1 }, req: REQ, vid, latencyMs: 1, finish: 'stop', text: `The answer is: ${correct ? 1 : 2}.`,
});

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'passk-runs-'));
const noop = { onExisting: () => undefined, stale: () => false, regrade: (r: SampleRecord) => r };

test('a torn last line is cut off, duplicates are skipped, and appends start on a fresh line', () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'samples.jsonl'), [rec('1', 0), rec('1', 0), rec('1', 1)].map((r) => JSON.stringify(r)).join('\n') + '\n{"problem":"2","ind');
  const seen: SampleVerdict[] = [];
  const w = openRunWriter(dir, manifest, { ...noop, onExisting: (r) => seen.push(r) });
  assert.ok(w.value);
  assert.equal(seen.length, 2);
  assert.ok(w.problems.some((p) => p.code === 'runs/torn-line'));
  w.value.append([rec('2', 0)]);
  w.value.close();
  const lines = [...readLines(path.join(dir, 'samples.jsonl'))].map((l) => JSON.parse(l.line) as SampleRecord);
  assert.deepEqual(lines.map((l) => `${l.problem}/${l.index}`), ['1/0', '1/0', '1/1', '2/0']);
});

test('a live lock refuses a second writer; the lock of a dead process is taken over', () => {
  const dir = tmp();
  const w = openRunWriter(dir, manifest, noop);
  assert.ok(w.value);
  const second = openRunWriter(dir, manifest, noop);
  assert.equal(second.value, undefined);
  assert.equal(second.problems[0]!.code, 'runs/locked');
  w.value.close();
  assert.ok(!fs.existsSync(path.join(dir, 'lock')));
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  fs.writeFileSync(path.join(dir, 'lock'), JSON.stringify({ pid: Number(dead.stdout), hostname: os.hostname(), started: '' }));
  const taken = acquireRunLock(path.join(dir, 'lock'));
  assert.ok(taken.value, JSON.stringify(taken.problems));
  assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'lock'), 'utf8')) as { pid: number }).pid, process.pid);
  taken.value.release();
});

test('samples with a stale verdict identity are regraded in place, the others are left as they are', () => {
  const dir = tmp();
  const w = openRunWriter(dir, manifest, noop).value!;
  w.append([rec('1', 0), rec('1', 1, false), rec('2', 0, true, B12)]);
  w.close();
  fs.appendFileSync(path.join(dir, 'samples.jsonl'), 'a note someone appended by hand\n');
  const seen: SampleVerdict[] = [];
  let regraded = 0;
  const again = openRunWriter(dir, manifest, {
    onExisting: (r) => seen.push(r),
    stale: (r) => r.vid !== B12,
    regrade: (r) => (regraded++, { ...r, answer: null, correct: false, vid: B12 }),
  }).value!;
  again.close();
  assert.equal(regraded, 2);
  // Current samples are replayed as they are read; the regraded ones follow after the rewrite.
  assert.deepEqual(seen.map((r) => [r.problem, r.index, r.correct, r.vid]), [['2', 0, true, B12], ['1', 0, false, B12], ['1', 1, false, B12]]);
  const lines = [...readLines(path.join(dir, 'samples.jsonl'))].map((l) => l.line);
  assert.equal(lines.pop(), 'a note someone appended by hand', 'a line that is not a sample survives the rewrite');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as SampleRecord).answer), [null, null, '1']);
  // Nothing stale: the file is not rewritten (same inode) and regrade is never called.
  const ino = fs.statSync(path.join(dir, 'samples.jsonl')).ino;
  openRunWriter(dir, manifest, { ...noop, stale: (r) => r.vid !== B12, regrade: () => assert.fail('nothing is stale') }).value!.close();
  assert.equal(fs.statSync(path.join(dir, 'samples.jsonl')).ino, ino);
});

test('the sample identity moves with endpoint, model, api, prompt and parameters, never with key order or URL secrets', () => {
  const base = { endpoint: 'http://127.0.0.1:8000', model: 'x', api: 'chat' as const, prompt: { user: 'q' }, params: { temperature: 0.7, topP: 1, maxTokens: 16, seed: 1 } };
  const id = entrySampleIdentity(base);
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.equal(entrySampleIdentity({ ...base, params: { seed: 1, maxTokens: 16, topP: 1, temperature: 0.7 } }), id);
  for (const changed of [
    { ...base, endpoint: 'http://127.0.0.1:8001' }, { ...base, model: 'y' }, { ...base, api: 'completions' as const }, { ...base, prompt: { user: 'q2' } },
    { ...base, prompt: { system: 's', user: 'q' } }, { ...base, params: { ...base.params, temperature: 0.8 } }, { ...base, params: { ...base.params, seed: 2 } },
  ]) assert.notEqual(entrySampleIdentity(changed), id);
  assert.equal(endpointIdentity({ baseUrls: ['https://u:secret@b.example:8443/v1?key=q', 'http://a.example/v1'] }), 'http://a.example https://b.example:8443');
  assert.equal(endpointIdentity({ baseUrls: ['http://a.example/v1', 'https://b.example:8443/other'] }), 'http://a.example https://b.example:8443');
  assert.equal(endpointIdentity({ baseUrls: ['http://a.example/v1'], identity: 'qwen' }), 'qwen');
  assert.notEqual(requestIdentity(id, { user: 'What is 1+1?' }), requestIdentity(id, { user: 'What is 1+2?' }));
  assert.equal(requestIdentity(id, { user: 'What is 1+1?' }), requestIdentity(id, { user: 'What is 1+1?' }));
  assert.notEqual(verdictIdentity({ extract: 'auto', compare: 'math' }, '3'), verdictIdentity({ extract: 'auto', compare: 'math' }, '4'));
  assert.notEqual(verdictIdentity({ extract: 'auto', compare: 'math' }, '3'), verdictIdentity({ extract: 'auto', compare: 'exact' }, '3'));
  assert.equal(canonicalJson({ b: 1, a: [2, { d: undefined, c: 3 }] }), '{"a":[2,{"c":3}],"b":1}');
});

test('readLines streams large files in small chunks and reports the torn tail', () => {
  const dir = tmp();
  const file = path.join(dir, 'x.jsonl');
  const body = Array.from({ length: 1000 }, (_, i) => `{"i":${i},"pad":"${'é'.repeat(i % 7)}"}`).join('\n') + '\n{"torn":';
  fs.writeFileSync(file, body);
  const it = readLines(file, 64);
  const got: string[] = [];
  let step = it.next();
  while (!step.done) {
    got.push(step.value.line);
    step = it.next();
  }
  assert.equal(got.length, 1000);
  assert.equal((JSON.parse(got[999]!) as { i: number }).i, 999);
  assert.equal(step.value.tornBytes, Buffer.byteLength('{"torn":'));
  assert.equal(step.value.completeBytes, Buffer.byteLength(body) - step.value.tornBytes);
});

test('verdict parsing skips the text but agrees with a full parse, even for texts that look like keys', () => {
  const tricky = { ...rec('7', 3, false), text: 'He wrote ,"text": and {"correct":true} here\n\\"' };
  const line = JSON.stringify(tricky);
  assert.deepEqual(parseSampleVerdict(line), { problem: '7', index: 3, answer: '2', correct: false, tokens: { prompt: 1, completion: 1 }, req: REQ, vid: A12 });
  const { req: _req, vid: _vid, ...older } = tricky;
  assert.deepEqual(parseSampleVerdict(JSON.stringify(older)), { problem: '7', index: 3, answer: '2', correct: false, tokens: { prompt: 1, completion: 1 } }, 'samples without identities still parse');
  const escaped = { ...rec('a"b\\c', 0, true), answer: '\\frac{1}{2} "x"' };
  const v = parseSampleVerdict(JSON.stringify(escaped))!;
  assert.equal(v.problem, 'a"b\\c');
  assert.equal(v.answer, '\\frac{1}{2} "x"');
  const foreign = JSON.stringify({ text: 'first', problem: 'x', index: 0, answer: null, correct: true });
  assert.equal(parseSampleVerdict(foreign)!.correct, true);
  assert.equal(parseSampleVerdict('{"problem":"x","index":0,"text":"torn'), undefined);
});
