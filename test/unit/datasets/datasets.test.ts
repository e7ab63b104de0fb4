// Dataset reading: rows keep their line and offset, broken lines become problems and the read goes on, JSON
// arrays work like JSONL, streaming agrees with in-memory parsing, and the validator's peek is cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDatasetText } from '../../../server/src/datasets/parse-dataset-text';
import { readDataset } from '../../../server/src/datasets/read-dataset';
import { peekDataset, type DatasetFs } from '../../../server/src/datasets/peek-dataset';
import { dataDir, fixtures } from '../../helpers/paths';

const gsm = { question: 'question', answer: { field: 'answer' } };

test('JSONL rows keep line, UTF-16 offset and length; ids default to the 1-based line', () => {
  const text = '{"question":"π≈?","answer":"3"}\n\n{"question":"🧮 2+2","answer":"#### 4"}\r\n';
  const r = parseDatasetText(text, gsm);
  assert.deepEqual(r.problems, []);
  assert.equal(r.value.length, 2);
  const [a, b] = r.value;
  assert.deepEqual([a!.index, a!.id, a!.line, a!.offset, a!.question, a!.gold], [0, '1', 0, 0, 'π≈?', '3']);
  assert.deepEqual([b!.index, b!.id, b!.line, b!.question, b!.gold], [1, '3', 2, '🧮 2+2', '#### 4']);
  assert.equal(text.slice(b!.offset, b!.offset + b!.length), '{"question":"🧮 2+2","answer":"#### 4"}');
});

test('a broken line is a problem with its line, and the following rows are still read', () => {
  const file = path.join(fixtures, 'data', 'broken.jsonl');
  const text = fs.readFileSync(file, 'utf8');
  const r = parseDatasetText(text, { ...gsm, path: file });
  assert.deepEqual(r.value.map((x) => x.question), ['What is 1+1?', 'What is 3+3?']);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.code, 'dataset/bad-json');
  assert.equal(r.problems[0]!.data?.['line'], 1);
  assert.equal(r.problems[0]!.file, file);
  assert.match(r.problems[0]!.message, /^Line 2 /);
});

test('id field, dotted field paths, non-string gold and missing fields', () => {
  const text = '{"idx":7,"problem":"p","meta":{"sol":12}}\n{"problem":"q"}\n';
  const r = parseDatasetText(text, { question: 'problem', id: 'idx', answer: { field: 'meta.sol' } });
  assert.equal(r.value[0]!.id, '7');
  assert.equal(r.value[0]!.gold, '12');
  assert.equal(r.value[1]!.id, '2');
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.code, 'dataset/missing-field');
  assert.deepEqual(r.problems[0]!.data?.['fields'], ['meta.sol', 'idx']);
});

test('JSON arrays: rows keep the line where each element starts', () => {
  const file = path.join(fixtures, 'data', 'array.json');
  const text = fs.readFileSync(file, 'utf8');
  const r = parseDatasetText(text, { question: 'q', answer: { field: 'a' } });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.value.map((x) => [x.line, x.question, x.gold]), [[1, '1+1?', '2'], [2, '2+2?', '4']]);
  assert.equal(text.slice(r.value[1]!.offset, r.value[1]!.offset + r.value[1]!.length), '{"q": "2+2?",\n   "a": "4"}');
});

test('an unclosed JSON array and binary junk give problems, not exceptions', () => {
  assert.equal(parseDatasetText('[{"q":1},', { question: 'q' }).problems[0]?.code, 'dataset/bad-json');
  const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
  const r = parseDatasetText(junk, { question: 'q' });
  assert.ok(r.problems.length > 0 && r.problems.length <= 51);
});

test('readDataset streams the real GSM8K test file and agrees with the in-memory parser', async () => {
  const file = path.join(dataDir, 'gsm8k', 'test.jsonl');
  const streamed = await readDataset({ path: file, ...gsm });
  const whole = parseDatasetText(fs.readFileSync(file, 'utf8'), { path: file, ...gsm });
  assert.deepEqual(streamed.problems, []);
  assert.equal(streamed.value.length, 1319);
  assert.deepEqual(streamed.value, whole.value);
  const limited = await readDataset({ path: file, ...gsm }, { limit: 3 });
  assert.deepEqual(limited.value, whole.value.slice(0, 3));
});

test('readDataset on the MATH copy reads ids from idx', async () => {
  const r = await readDataset({ path: path.join(dataDir, 'math', 'test.jsonl'), question: 'problem', id: 'idx', answer: { field: 'solution' } }, { limit: 5 });
  assert.deepEqual(r.value.map((x) => x.id), ['0', '1', '2', '3', '4']);
  assert.match(r.value[0]!.gold, /\\boxed\{2\}/);
});

test('readDataset: a missing file is a problem; broken lines are problems with lines', async () => {
  const missing = await readDataset({ path: path.join(fixtures, 'data', 'nope.jsonl'), ...gsm });
  assert.deepEqual(missing.value, []);
  assert.equal(missing.problems[0]?.code, 'dataset/not-found');
  const broken = await readDataset({ path: path.join(fixtures, 'data', 'broken.jsonl'), ...gsm });
  assert.equal(broken.value.length, 2);
  assert.deepEqual(broken.problems.map((p) => p.data?.['line']), [1]);
});

test('readDataset handles multi-byte characters split across chunks and a last line without newline', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-ds-'));
  const file = path.join(dir, 'big.jsonl');
  const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ question: `数学 🧮 problem ${i}`, answer: String(i) }));
  fs.writeFileSync(file, lines.join('\n'));
  const r = await readDataset({ path: file, ...gsm });
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(r.value.length, 3000);
  for (const row of [r.value[0]!, r.value[1234]!, r.value[2999]!]) assert.equal(text.slice(row.offset, row.offset + row.length), lines[row.line]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('peekDataset reads only the head and caches by mtime and size', () => {
  let reads = 0;
  let mtimeMs = 1;
  const content = Array.from({ length: 100 }, (_, i) => `{"question":"q${i}","answer":"${i}"}`).join('\n');
  const fake: DatasetFs = {
    stat: (p) => (p === '/virtual/a.jsonl' ? { mtimeMs, size: content.length } : undefined),
    readHead: (_p, n) => {
      reads++;
      return content.slice(0, n);
    },
  };
  const a = peekDataset('/virtual/a.jsonl', 20, fake);
  assert.equal(a.value.rows.length, 20);
  assert.equal(a.value.exists, true);
  peekDataset('/virtual/a.jsonl', 20, fake);
  assert.equal(reads, 1, 'second peek is served from the cache');
  mtimeMs = 2;
  peekDataset('/virtual/a.jsonl', 20, fake);
  assert.equal(reads, 2, 'a changed mtime invalidates the cache');
  assert.equal(peekDataset('/virtual/none.jsonl', 20, fake).value.exists, false);
});
