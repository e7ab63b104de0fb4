// Planning one shard of an evaluation: the shards of a run plan disjoint slices that together are the whole
// run's problems in dataset order, each with the whole run's identities (so samples are shared and the shards
// can be merged) and a folder of its own that names the shard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { planEvaluation } from '../../../server/src/eval/eval-plan';
import { shardFolderName, shardOf } from '../../../server/src/runs/shard-spec';
import { testRecipe } from './recipe-doc';

test('the shards of a run plan disjoint slices of its problems with the whole run identities', async () => {
  const t = testRecipe({ baseUrls: ['http://127.0.0.1:9/v1'], rows: 30 });
  const whole = (await planEvaluation(t.doc, 'gsm8k-sim', undefined)).value!;
  assert.equal(whole.manifest.shard, undefined);
  const count = 3;
  const slices = [];
  for (let index = 0; index < count; index++) {
    const plan = (await planEvaluation(t.doc, 'gsm8k-sim', undefined, undefined, undefined, { index, count })).value!;
    assert.deepEqual(plan.manifest.shard, { index, count, problems: 30 });
    assert.equal(plan.manifest.problems, plan.problems.length);
    assert.deepEqual(Object.keys(plan.manifest.requests!), plan.problems.map((p) => p.id));
    for (const key of ['fingerprint', 'sampleIdentity', 'figures'] as const) assert.equal(plan.manifest[key], whole.manifest[key], key);
    assert.equal(path.dirname(plan.runDir), path.dirname(whole.runDir));
    assert.equal(path.basename(plan.runDir), `gsm8k-sim.shard-${index}-of-${count}-${whole.fingerprint.slice(0, 12)}`);
    assert.ok(plan.problems.every((p) => shardOf(p.id, count) === index));
    slices.push(plan.problems);
  }
  assert.ok(slices.every((s) => s.length > 0 && s.length < 30), slices.map((s) => s.length).join(', '));
  // Together the slices are the whole plan, problem for problem (same requests and verdict identities).
  const merged = slices.flat().sort((a, b) => a.line - b.line);
  assert.deepEqual(merged, whole.problems);
  // A shard of one is the whole run.
  const one = (await planEvaluation(t.doc, 'gsm8k-sim', undefined, undefined, undefined, { index: 0, count: 1 })).value!;
  assert.equal(one.runDir, whole.runDir);
  assert.equal(one.manifest.shard, undefined);
});

test('shard folder names keep the entry sanitised and the fingerprint last', () => {
  assert.equal(shardFolderName('gsm 8k/test', 'abcdef0123456789', { index: 2, count: 16 }), 'gsm_8k_test.shard-2-of-16-abcdef012345');
});
