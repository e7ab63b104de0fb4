// Datasets in other formats over real stdio: a file whose content does not match its name is an error on the
// recipe's `path` value, a Parquet column that is not there is an error on the field, and the hover on a
// Parquet dataset or a glob of shards shows its row count, its first problem and the first reading problem.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import type { CompletionItem, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { LspClient, messageText, positionOf, rangeOf } from './harness';
import { DEMO_RECIPE, makeWorkspace, type Workspace } from './workspace';

let client: LspClient;
let ws: Workspace;
let n = 0;

const questions = ['What is 6*7?', 'What is 2+3?', 'What is 9-4?'];
const parquet = Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'question', data: questions }, { name: 'answer', data: ['#### 42', '#### 5', '#### 5'] }] }));

before(async () => {
  ws = makeWorkspace();
  ws.write('tiny.parquet', parquet as unknown as string);
  ws.write('wrong.jsonl', parquet as unknown as string);
  ws.write('nested.csv.gz', zlib.gzipSync('problem,meta.level,answer\nx,1,2\n') as unknown as string);
  ws.write('nested.jsonl', '{"q":{"text":"a"},"meta":{"gold":{"value":"1"}},"list":[{"x":1}]}\n');
  ws.write('shards/part-0.jsonl.gz', zlib.gzipSync('{"question":"first","answer":"#### 1"}\n') as unknown as string);
  ws.write('shards/part-1.jsonl.gz', zlib.gzipSync('{"question":"second","answer":"#### 2"}\nnot json\n') as unknown as string);
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
});
after(async () => {
  await client.stop();
  ws.remove();
});

async function open(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = ws.uri(`d${n++}.recipe.yaml`);
  client.open(uri, text);
  return { uri, diagnostics: (await client.waitForDiagnostics(uri)).diagnostics };
}

test('a Parquet file named .jsonl is a bad-format error on the path value', async () => {
  const text = DEMO_RECIPE.replace('path: tiny.jsonl', 'path: wrong.jsonl');
  const { diagnostics } = await open(text);
  const d = diagnostics.find((x) => x.code === 'recipe/dataset-bad-format');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.severity, 1);
  assert.deepEqual(d.range, rangeOf(text, 'wrong.jsonl'));
  assert.match(messageText(d), /content is Parquet/);
  assert.equal(diagnostics.filter((x) => x.code === 'recipe/dataset-bad-json').length, 0, 'no flood of "not valid JSON" lines');
});

test('Parquet: a field that is not a column is an error on the field value, with a suggestion', async () => {
  const text = DEMO_RECIPE.replace('path: tiny.jsonl', 'path: tiny.parquet').replace('question: question', 'question: questoin');
  const { diagnostics } = await open(text);
  const d = diagnostics.find((x) => x.code === 'recipe/dataset-missing-field');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.deepEqual(d.range, rangeOf(text, 'questoin'));
  assert.match(messageText(d), /Did you mean "question"\?/);
  const fixed = await open(DEMO_RECIPE.replace('path: tiny.jsonl', 'path: tiny.parquet'));
  assert.deepEqual(fixed.diagnostics.filter((x) => x.code?.toString().startsWith('recipe/dataset-')), []);
});

test('hover on a Parquet dataset and on a glob of gzip shards: row count, first problem, first reading problem', async () => {
  const value = (h: Hover | null) => (h!.contents as MarkupContent).value;
  const pq = DEMO_RECIPE.replace('path: tiny.jsonl', 'path: tiny.parquet');
  const a = await open(pq);
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: a.uri }, position: positionOf(pq, 'tiny.parquet', 0, 2) });
  assert.match(value(h), /\*\*3\*\* problems in `.*tiny\.parquet`, Parquet\./);
  assert.match(value(h), /First problem \(id 1\):[\s\S]*What is 6\*7\?/);
  const glob = DEMO_RECIPE.replace('path: tiny.jsonl', 'path: "shards/part-*.jsonl.gz"');
  const b = await open(glob);
  const g = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: b.uri }, position: positionOf(glob, 'part-*', 0, 2) });
  assert.match(value(g), /\*\*2\*\* problems in `.*part-\*\.jsonl\.gz` \(2 files\)/);
  assert.match(value(g), /First problem \(id part-0\.jsonl\.gz:1\):[\s\S]*first/);
  assert.match(value(g), /⚠ part-1\.jsonl\.gz: Line 2 is not valid JSON/);
});

test('completion of question, id and answer.field offers the real column names, nested paths included', async () => {
  const complete = async (text: string, needle: string, delta: number) => {
    const { uri } = await open(text);
    const r = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, needle, 0, delta) });
    return (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);
  };
  const pq = DEMO_RECIPE.replace('path: tiny.jsonl', 'path: tiny.parquet').replace('question: question', 'question: q');
  assert.deepEqual(await complete(pq, 'question: q', 'question: '.length), ['question', 'answer']);
  const json = DEMO_RECIPE.replace('path: tiny.jsonl', 'path: nested.jsonl').replace('field: answer', 'field: m');
  assert.deepEqual(await complete(json, 'field: m', 'field: '.length), ['q', 'q.text', 'meta', 'meta.gold', 'meta.gold.value', 'list']);
  const csv = DEMO_RECIPE.replace('path: tiny.jsonl', 'path: nested.csv.gz').replace('question: question', 'question: q\n    id: m');
  assert.deepEqual(await complete(csv, 'id: m', 'id: '.length), ['problem', 'meta.level', 'answer']);
});
