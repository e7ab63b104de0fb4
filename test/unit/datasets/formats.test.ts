// Dataset formats: Parquet, CSV, TSV, gzip and zstd text are read as rows like JSONL, chosen by extension and
// checked by content; a file whose content does not match its name is one `dataset/bad-format` problem. The
// fixtures are written here (Parquet with hyparquet-writer, gzip with zlib); the zstd one is a committed file
// (test/fixtures/data/small.jsonl.zst.md says how it was made).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readDataset } from '../../../server/src/datasets/read-dataset';
import { jsonRows } from '../../../server/src/datasets/read-json-stream';
import type { Problem } from '../../../server/src/problems/problem';
import { peekDataset } from '../../../server/src/datasets/peek-dataset';
import { detectFormat } from '../../../server/src/datasets/dataset-format';
import { fixtures } from '../../helpers/paths';

const spec = { question: 'problem', answer: { field: 'answer' } };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-formats-'));
const write = (name: string, data: string | Uint8Array) => {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return file;
};
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

function parquet(rows: { problem: string; answer: number; meta: object }[], rowGroupSize = 2): Uint8Array {
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'problem', data: rows.map((r) => r.problem) },
      { name: 'answer', data: rows.map((r) => BigInt(r.answer)), type: 'INT64' },
      { name: 'meta', data: rows.map((r) => r.meta) },
    ],
    rowGroupSize,
  });
  return new Uint8Array(buf);
}

const five = Array.from({ length: 5 }, (_, i) => ({ problem: `What is ${i}+${i}?`, answer: 2 * i, meta: { gold: { value: String(2 * i) }, tags: ['t'] } }));

test('Parquet: every row group is read, 64-bit integers and JSON columns become plain values, nested paths work', async () => {
  const file = write('five.parquet', parquet(five));
  const r = await readDataset({ ...spec, path: file, answer: { field: 'meta.gold.value' } });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.value.map((x) => [x.id, x.question, x.gold]), five.map((f, i) => [String(i + 1), f.problem, String(f.answer)]));
  assert.equal((r.value[3]!.row as { answer: unknown }).answer, 6, 'an INT64 column becomes a JSON number');
  const limited = await readDataset({ ...spec, path: file }, { limit: 3 });
  assert.deepEqual(limited.value.map((x) => x.gold), ['0', '2', '4']);
});

test('Parquet peek: column paths and row count from the footer, without decoding rows', () => {
  const file = write('peek.parquet', parquet(five));
  const p = peekDataset(file);
  assert.deepEqual(p.problems, []);
  assert.equal(p.value.format, 'parquet');
  assert.equal(p.value.rowCount, 5);
  assert.deepEqual(p.value.columns?.map((c) => c.path), ['problem', 'answer', 'meta']);
  assert.equal(p.value.columns?.find((c) => c.path === 'meta')?.opaque, true, 'a JSON column hides its inner keys');
});

test('CSV and TSV: the header names the fields, quoted fields may span lines, lines are where records start', async () => {
  const csv = write('a.csv', '\uFEFFproblem,answer,meta.level\n"Is 1,5 > 1?",yes,1\n\n"two\nlines",2,3\n');
  const r = await readDataset({ ...spec, path: csv, id: 'meta.level' });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.value.map((x) => [x.id, x.line, x.question, x.gold]), [['1', 1, 'Is 1,5 > 1?', 'yes'], ['3', 3, 'two\nlines', '2']]);
  const tsv = write('a.tsv', 'problem\tanswer\nsay "hi"\t7\n');
  const t = await readDataset({ ...spec, path: tsv });
  assert.deepEqual(t.value.map((x) => [x.question, x.gold]), [['say "hi"', '7']]);
  const peek = peekDataset(csv);
  assert.deepEqual(peek.value.rows.map((x) => (x.row as Record<string, string>)['meta.level']), ['1', '3']);
});

test('gzip and zstd: JSONL and CSV inside are streamed and peeked like plain files', async () => {
  const rows = Array.from({ length: 3000 }, (_, i) => ({ problem: `p${i}`, answer: String(i) }));
  const gz = write('big.jsonl.gz', zlib.gzipSync(jsonl(rows)));
  const r = await readDataset({ ...spec, path: gz });
  assert.deepEqual(r.problems, []);
  assert.equal(r.value.length, 3000);
  assert.deepEqual([r.value[2999]!.id, r.value[2999]!.gold], ['3000', '2999']);
  const peek = peekDataset(gz, 20);
  assert.equal(peek.value.rows.length, 20);
  const csvGz = write('c.csv.gz', zlib.gzipSync('problem,answer\nx,1\n'));
  assert.deepEqual((await readDataset({ ...spec, path: csvGz })).value.map((x) => x.gold), ['1']);
  const zst = path.join(fixtures, 'data', 'small.jsonl.zst');
  const z = await readDataset({ ...spec, path: zst, id: 'meta.source' });
  assert.deepEqual(z.value.map((x) => [x.question, x.gold]), [['What is 6*7?', '42'], ['What is 2+3?', '5']]);
  assert.deepEqual(peekDataset(zst).value.rows.length, 2);
});

test('content that does not match the name is one bad-format problem, from the read and from the peek', async () => {
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['parquet-named.jsonl', parquet(five), /named as JSON text but its content is Parquet/],
    ['text.parquet', jsonl(five), /named \.parquet but its content is text/],
    ['plain.jsonl.gz', jsonl(five), /named as gzip-compressed but its content is text/],
    ['gz.jsonl.zst', zlib.gzipSync('{}'), /named as zstd-compressed but its content is gzip-compressed/],
    ['junk.bin', Buffer.from([1, 0, 2, 0, 3]), /is binary/],
  ];
  for (const [name, data, message] of cases) {
    const file = write(name, data);
    const r = await readDataset({ ...spec, path: file });
    assert.deepEqual(r.value, [], name);
    assert.deepEqual(r.problems.map((p) => p.code), ['dataset/bad-format'], name);
    assert.match(r.problems[0]!.message, message, name);
    assert.equal(r.problems[0]!.file, file);
    assert.deepEqual(peekDataset(file).problems.map((p) => p.code), ['dataset/bad-format'], name);
  }
});

test('a corrupt stream after a right magic number is a bad-format problem, not a crash', async () => {
  const gz = zlib.gzipSync(jsonl(five));
  const cut = write('cut.jsonl.gz', Buffer.concat([gz.subarray(0, 20), Buffer.alloc(40, 0xff)]));
  const r = await readDataset({ ...spec, path: cut });
  assert.ok(r.problems.some((p) => p.code === 'dataset/bad-format' && /cannot be read as JSON/.test(p.message)), JSON.stringify(r.problems));
  const pq = parquet(five);
  const broken = write('broken.parquet', Buffer.concat([Buffer.from(pq.subarray(0, 4)), Buffer.alloc(64, 7), Buffer.from(pq.subarray(pq.length - 4))]));
  assert.deepEqual((await readDataset({ ...spec, path: broken })).problems.map((p) => p.code), ['dataset/bad-format']);
  assert.deepEqual(peekDataset(broken).problems.map((p) => p.code), ['dataset/bad-format']);
});

test('a name without a known extension is read as what its content is', () => {
  assert.deepEqual(detectFormat('/x/data', Buffer.from('PAR1....')).value, { format: 'parquet', compression: 'none' });
  assert.deepEqual(detectFormat('/x/data', zlib.gzipSync('{}')).value, { format: 'json', compression: 'gzip' });
  assert.deepEqual(detectFormat('/x/data.txt', Buffer.from('{"a":1}')).value, { format: 'json', compression: 'none' });
});

test('a JSON array past the text cap stops with an error instead of growing without bound', async () => {
  const text = '[' + Array.from({ length: 2000 }, (_, i) => `{"problem":"p${i}","answer":"${i}"}`).join(',') + ']';
  async function* chunks() {
    for (let i = 0; i < text.length; i += 1000) yield Buffer.from(text.slice(i, i + 1000));
  }
  const problems: Problem[] = [];
  const read = async (cap: number) => {
    const rows = [];
    for await (const r of jsonRows(chunks(), { ...spec, path: '/x.json' }, problems, 1 << 20, cap)) rows.push(r);
    return rows;
  };
  assert.equal((await read(text.length)).length, 2000);
  await assert.rejects(read(text.length - 1), /JSON array longer than .* write it as JSONL/);
});
