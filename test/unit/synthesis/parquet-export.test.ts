// Synthesis exports Parquet when `output` ends in `.parquet`: the same run against a real HTTP server on
// 127.0.0.1, exported once as JSONL and once as Parquet, gives the same rows, and the Parquet file reads back as
// a dataset (so synthetic sets can seed or evaluate the next recipe) with `messages` and `meta` as values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { runSynthesis } from '../../../server/src/synthesis/run-synthesis';
import { readDataset } from '../../../server/src/datasets/read-dataset';
import { sftRowsToParquet } from '../../../server/src/synthesis/sft-parquet';
import { startFakeTeacher } from './fake-teacher';
import { synthWorkspace } from '../../helpers/synth-workspace';

const seeds = ['Tom has 3 apples and buys 4 more. How many apples does he have?', 'Mia earns $8 an hour and works 5 hours. How much does she earn?'];

async function run(url: string, output: string): Promise<string> {
  const ws = synthWorkspace({ url, seeds, prefix: 'passk-synth-pq-', output });
  const r = await runSynthesis(ws.load(), 'remix', { env: {}, retryBaseMs: 1 });
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  assert.ok(r.value!.accepted > 0);
  return ws.output;
}

test('a .parquet output holds the rows the JSONL output holds, and reads back as a dataset', async () => {
  const teacher = await startFakeTeacher();
  try {
    const jsonlFile = await run(teacher.url, 'out/remix.jsonl');
    const parquetFile = await run(teacher.url, 'out/remix.parquet');
    const bytes = fs.readFileSync(parquetFile);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PAR1');
    const expected = fs.readFileSync(jsonlFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const back = await readDataset({ path: parquetFile, question: 'messages.0.content', answer: { field: 'answer' } });
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.value.map((r) => r.row), expected);
    assert.ok(back.value.every((r) => r.question.length > 0), 'a nested path reads into the messages column');
  } finally {
    await teacher.close();
  }
});

test('column types: strings, numbers and booleans keep theirs; objects and mixed columns are JSON', () => {
  const rows = [{ s: 'a', n: 1, b: true, o: { x: 1 }, m: 'text' }, { s: 'b', n: 2.5, b: false, o: null, m: { y: [1] } }];
  const meta = parquetMetadata(new Uint8Array(sftRowsToParquet(rows.map((r) => JSON.stringify(r)).join('\n') + '\n')).buffer);
  assert.deepEqual(meta.schema.slice(1).map((e) => [e.name, e.type, e.converted_type ?? '']), [
    ['s', 'BYTE_ARRAY', 'UTF8'], ['n', 'DOUBLE', ''], ['b', 'BOOLEAN', ''], ['o', 'BYTE_ARRAY', 'JSON'], ['m', 'BYTE_ARRAY', 'JSON'],
  ]);
  assert.equal(Number(meta.num_rows), 2);
});

test('seeds with no readable row stop the synthesis with synth/no-seeds on the dataset path, before any request', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = synthWorkspace({ url: teacher.url, seeds, prefix: 'passk-synth-pq-', output: 'out/remix.parquet' });
    fs.writeFileSync(path.join(ws.dir, 'seeds.jsonl'), 'not json\n{"also": broken\n');
    // The recipe itself is fine; only its seed file is unreadable.
    const r = await runSynthesis(ws.load(), 'remix', { env: {}, retryBaseMs: 1 });
    assert.equal(r.value, undefined);
    const stop = r.problems.find((p) => p.code === 'synth/no-seeds');
    assert.ok(stop, JSON.stringify(r.problems));
    assert.equal(stop.severity, 'error');
    assert.equal(ws.text.slice(stop.span!.start, stop.span!.end), 'seeds.jsonl');
    assert.equal(r.problems.filter((p) => p.code === 'dataset/bad-json').length, 2);
    assert.equal(teacher.requests, 0);
    assert.equal(fs.existsSync(path.join(ws.dir, 'out', 'remix.parquet')), false);
  } finally {
    await teacher.close();
  }
});
