import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inShard, parseShardSpec, shardLabel, shardOf } from '../../../server/src/runs/shard-spec';

test('parseShardSpec reads i/N and refuses what is not a shard', () => {
  assert.deepEqual(parseShardSpec('2/4').value, { index: 2, count: 4 });
  assert.deepEqual(parseShardSpec(' 0 / 1 ').value, { index: 0, count: 1 });
  for (const bad of ['4/4', '1/0', '-1/4', 'a/b', '1', '1/2/3', '', '0/1000000']) {
    const r = parseShardSpec(bad);
    assert.equal(r.value, undefined, bad);
    assert.equal(r.problems[0]?.code, 'cli/bad-shard', bad);
  }
  assert.equal(shardLabel({ index: 3, count: 8 }), '3/8');
});

test('every key lands in exactly one shard, independent of order, and shards are balanced', () => {
  const keys = Array.from({ length: 4000 }, (_, i) => `gsm8k-train:${i}`);
  const count = 4;
  const sizes = new Array<number>(count).fill(0);
  for (const key of keys) {
    const owners = [0, 1, 2, 3].filter((index) => inShard(key, { index, count }));
    assert.equal(owners.length, 1, key);
    assert.equal(owners[0], shardOf(key, count));
    sizes[owners[0]!]! += 1;
  }
  // A fair split puts 1000 keys in each shard; 15% either way is far outside what SHA-256 produces here.
  for (const size of sizes) assert.ok(size > 850 && size < 1150, `unbalanced shards: ${sizes.join(', ')}`);
  assert.equal(inShard('anything', undefined), true);
  assert.equal(inShard('anything', { index: 0, count: 1 }), true);
});
