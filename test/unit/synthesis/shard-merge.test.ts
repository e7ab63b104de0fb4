// Shards of a synthesis (`passk synth --shard i/N`) merged (`passk merge`) equal one unsharded run: the same
// export bytes and the same figures, against the same fake teacher over real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runSynthesis } from '../../../server/src/synthesis/run-synthesis';
import { mergeSynthesisShards } from '../../../server/src/synthesis/merge-synthesis';
import { startFakeTeacher, LEAKED_TEST_PROBLEM, MARKED_SEEDS } from './fake-teacher';
import { synthWorkspace } from '../../helpers/synth-workspace';

const seeds = [
  ...MARKED_SEEDS,
  'Ben has 20 stickers and gives away 7. How many stickers are left?',
  'A baker makes 6 trays of 9 rolls. How many rolls does she make?',
];

function workspace(url: string) {
  const ws = synthWorkspace({
    url, seeds, prefix: 'passk-shard-', concurrency: 3, perSeed: 3, verify: true, testQuestions: [LEAKED_TEST_PROBLEM],
    filters: ['consistency: { minAgreement: 0.75 }', 'dedup: { ngram: 5, threshold: 0.9 }', 'decontaminate: { against: [test], ngram: 13 }'],
  });
  return { dir: ws.dir, doc: ws.load(), output: ws.output };
}

test('three shards merged give the export and figures of one unsharded run', async (t) => {
  const teacher = await startFakeTeacher();
  t.after(() => teacher.close());
  const whole = workspace(teacher.url);
  const one = await runSynthesis(whole.doc, 'remix', { env: {}, retryBaseMs: 1 });
  assert.ok(one.value?.completed);
  assert.ok(one.value.accepted > 0 && Object.keys(one.value.rejected).length >= 3, JSON.stringify(one.value));

  const split = workspace(teacher.url);
  const dirs: string[] = [];
  let candidates = 0;
  for (let i = 0; i < 3; i++) {
    const r = await runSynthesis(split.doc, 'remix', { env: {}, retryBaseMs: 1, shard: { index: i, count: 3 } });
    assert.equal(r.value?.shard, `${i}/3`);
    assert.ok(!fs.existsSync(split.output), 'a shard writes no output');
    candidates += r.value.candidates;
    dirs.push(r.value.runDir);
  }
  assert.equal(candidates, seeds.length * 3, 'the shards cover every candidate exactly once');
  const merged = await mergeSynthesisShards(split.doc, 'remix', dirs);
  assert.deepEqual(merged.problems.filter((p) => p.severity === 'error'), []);
  const a = one.value;
  const b = merged.value!;
  assert.deepEqual([b.candidates, b.accepted, b.rejected, b.completed, b.fingerprint], [a.candidates, a.accepted, a.rejected, a.completed, a.fingerprint]);
  assert.equal(fs.readFileSync(split.output, 'utf8'), fs.readFileSync(whole.output, 'utf8'));

  // The merged folder is the unsharded run's: a plain rerun resumes it with nothing left to ask.
  const before = teacher.requests;
  const again = await runSynthesis(split.doc, 'remix', { env: {}, retryBaseMs: 1 });
  assert.equal(teacher.requests, before);
  assert.equal(again.value?.accepted, a.accepted);
});

test('merging refuses a missing shard count mismatch and reports missing shards', async (t) => {
  const teacher = await startFakeTeacher();
  t.after(() => teacher.close());
  const ws = workspace(teacher.url);
  const s0 = await runSynthesis(ws.doc, 'remix', { env: {}, retryBaseMs: 1, shard: { index: 0, count: 2 } });
  const other = await runSynthesis(ws.doc, 'remix', { env: {}, retryBaseMs: 1, shard: { index: 1, count: 3 } });
  const mismatch = await mergeSynthesisShards(ws.doc, 'remix', [s0.value!.runDir, other.value!.runDir]);
  assert.equal(mismatch.value, undefined);
  assert.equal(mismatch.problems.find((p) => p.severity === 'error')?.code, 'merge/shard-count-mismatch');
  const partial = await mergeSynthesisShards(ws.doc, 'remix', [s0.value!.runDir]);
  assert.ok(partial.problems.some((p) => p.code === 'merge/missing-shard'));
  assert.equal(partial.value?.completed, false);
});
