// Datasets named by a folder or a glob: shards in a stable order, ids unique across shards, links not followed,
// `..` after a wildcard refused, and a run identity that changes when any shard does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listDatasetFiles } from '../../../server/src/datasets/dataset-files';
import { readDataset } from '../../../server/src/datasets/read-dataset';
import { peekDataset } from '../../../server/src/datasets/peek-dataset';
import { datasetDigest } from '../../../server/src/datasets/dataset-digest';

const spec = { question: 'q', answer: { field: 'a' } };

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-shards-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const row = (q: string, extra = '') => `{"q":"${q}","a":"1"${extra}}\n`;

test('a glob reads its shards in name order; default ids are shard and line', async () => {
  const dir = tree({
    'data/train-00010-of-00011.jsonl': row('k'),
    'data/train-00002-of-00011.jsonl': row('c1') + row('c2'),
    'data/train-00000-of-00011.jsonl': '\n' + row('a'),
    'data/test-00000-of-00001.jsonl': row('test'),
  });
  const r = await readDataset({ ...spec, path: path.join(dir, 'data', 'train-*.jsonl') });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.value.map((x) => [x.index, x.id, x.question]), [
    [0, 'train-00000-of-00011.jsonl:2', 'a'], [1, 'train-00002-of-00011.jsonl:1', 'c1'], [2, 'train-00002-of-00011.jsonl:2', 'c2'], [3, 'train-00010-of-00011.jsonl:1', 'k'],
  ]);
  assert.equal(r.value[1]!.file, path.join(dir, 'data', 'train-00002-of-00011.jsonl'));
  const limited = await readDataset({ ...spec, path: path.join(dir, 'data', 'train-*.jsonl') }, { limit: 2 });
  assert.deepEqual(limited.value.map((x) => x.question), ['a', 'c1']);
});

test('a folder is every dataset file below it; the id field stays the id; other files are left out', async () => {
  const dir = tree({ 'set/b/2.jsonl': row('two', ',"n":2'), 'set/a.jsonl': row('one', ',"n":1'), 'set/README.md': '# notes', 'set/sub/deeper/3.jsonl': row('three', ',"n":3') });
  const r = await readDataset({ ...spec, id: 'n', path: path.join(dir, 'set') });
  assert.deepEqual(r.value.map((x) => [x.id, x.question]), [['1', 'one'], ['2', 'two'], ['3', 'three']]);
  assert.deepEqual(listDatasetFiles(path.join(dir, 'set', '**', '*.jsonl')).value.files.map((f) => path.relative(dir, f)), ['set/a.jsonl', 'set/b/2.jsonl', 'set/sub/deeper/3.jsonl']);
  assert.deepEqual(listDatasetFiles(path.join(dir, 'set', '{a,b/2}.jsonl')).value.files.map((f) => path.relative(dir, f)), ['set/a.jsonl', 'set/b/2.jsonl']);
  const peek = peekDataset(path.join(dir, 'set'));
  assert.equal(peek.value.exists, true);
  assert.equal(peek.value.files, 3);
  assert.deepEqual(peek.value.rows.map((x) => (x.row as { q: string }).q), ['one']);
});

test('links inside a folder or glob are not followed, and ".." after a wildcard is refused', async () => {
  const outside = tree({ 'secret.jsonl': row('outside') });
  const dir = tree({ 'd/in.jsonl': row('inside') });
  fs.symlinkSync(path.join(outside, 'secret.jsonl'), path.join(dir, 'd', 'link.jsonl'));
  fs.symlinkSync(outside, path.join(dir, 'd', 'linked-folder'));
  for (const p of [path.join(dir, 'd'), path.join(dir, 'd', '*.jsonl'), path.join(dir, 'd', '**', '*.jsonl')]) {
    const r = await readDataset({ ...spec, path: p });
    assert.deepEqual(r.value.map((x) => x.question), ['inside'], p);
  }
  // Written without path.join, which would fold the ".." away (as the recipe's path resolution does).
  const escape = await readDataset({ ...spec, path: `${dir}/d/*/../../*.jsonl` });
  assert.deepEqual(escape.value, []);
  assert.equal(escape.problems[0]?.code, 'dataset/bad-path');
  const none = await readDataset({ ...spec, path: path.join(dir, 'nothing-*.jsonl') });
  assert.deepEqual(none.problems.map((p) => p.code), ['dataset/not-found']);
  assert.equal(peekDataset(path.join(dir, 'nothing-*.jsonl')).value.exists, false);
});

test('the digest of a glob covers every shard name and content, and differs from any one file', async () => {
  const dir = tree({ 's/1.jsonl': row('a'), 's/2.jsonl': row('b') });
  const glob = path.join(dir, 's', '*.jsonl');
  const first = await datasetDigest(glob);
  assert.match(first, /^[0-9a-f]{64}$/);
  assert.notEqual(first, await datasetDigest(path.join(dir, 's', '1.jsonl')));
  assert.equal(await datasetDigest(path.join(dir, 's')), first, 'the folder and the glob name the same shards');
  fs.writeFileSync(path.join(dir, 's', '2.jsonl'), row('changed'));
  assert.notEqual(await datasetDigest(glob), first);
  fs.renameSync(path.join(dir, 's', '2.jsonl'), path.join(dir, 's', '3.jsonl'));
  const renamed = await datasetDigest(glob);
  fs.renameSync(path.join(dir, 's', '3.jsonl'), path.join(dir, 's', '2.jsonl'));
  assert.notEqual(renamed, await datasetDigest(glob));
  await assert.rejects(datasetDigest(path.join(dir, 'none-*.jsonl')));
});
