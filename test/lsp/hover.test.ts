// Hover over real stdio: field docs on keys, the referenced definition on a name, and a dataset's row count
// and first problem.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { fieldAt } from '../../server/src/recipe';
import { LspClient, positionOf, rangeOf } from './harness';
import { DEMO_RECIPE, makeWorkspace, TINY_JSONL, type Workspace } from './workspace';

let client: LspClient;
let ws: Workspace;
let uri: string;
const text = DEMO_RECIPE;

before(async () => {
  ws = makeWorkspace({ 'tiny.jsonl': TINY_JSONL });
  uri = ws.uri('demo.recipe.yaml');
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  client.open(uri, text);
});
after(async () => {
  await client.stop();
  ws.remove();
});

async function hover(needle: string, occurrence: number, delta: number): Promise<Hover | null> {
  return client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, occurrence, delta) });
}
const value = (h: Hover | null) => (h!.contents as MarkupContent).value;

test('a key shows its field docs from the field table, over the key', async () => {
  const h = await hover('samples: 4', 0, 3);
  assert.equal(value(h), `**samples** — integer, default \`1\`, 1 ≤ value ≤ 100000\n\n${fieldAt(['evaluate', 'e1', 'samples'])!.docs}`);
  assert.deepEqual(h!.range, rangeOf(text, 'samples'));
});

test('a model reference shows the model definition as YAML', async () => {
  const h = await hover('model: student', 0, 9);
  assert.equal(value(h), '```yaml\nstudent:\n  baseUrl: http://127.0.0.1:9/v1\n  model: small\n  api: completions\n```');
  assert.deepEqual(h!.range, { start: positionOf(text, 'model: student', 0, 7), end: positionOf(text, 'model: student', 0, 14) });
});

test('a dataset reference shows the definition, the row count and the first problem', async () => {
  const h = await hover('dataset: tiny', 1, 10);
  const v = value(h);
  assert.ok(v.startsWith('```yaml\ntiny:\n  path: tiny.jsonl\n  question: question\n  answer: { field: answer, extract: gsm8k }\n```\n\n'), v);
  assert.ok(v.includes(`**3** problems in \`${ws.file('tiny.jsonl')}\`.`), v);
  assert.ok(v.includes('First problem (id 1):\n\n```text\nTom has 3 apples and buys 2 more. How many apples does he have?\n```'), v);
  assert.ok(v.includes('Gold: `#### 5`'), v);
});

test('the dataset path itself shows the row count', async () => {
  const h = await hover('tiny.jsonl', 0, 2);
  assert.ok(value(h).startsWith('**3** problems in'), value(h));
  assert.deepEqual(h!.range, rangeOf(text, 'tiny.jsonl'));
});

test('a prompt definition key shows the prompt; a comment shows nothing', async () => {
  const h = await hover('chat:', 0, 1);
  assert.equal(value(h), '```yaml\nchat:\n  system: You are careful.\n  user: "Problem {{ id }}: {{ question }}"\n```');
  const commented = ws.uri('commented.recipe.yaml');
  client.open(commented, `# A comment line says nothing about a field.\n${text}`);
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri: commented }, position: { line: 0, character: 10 } }), null);
});

test('a template variable shows what it holds and which entries provide it', async () => {
  const h = await hover('{{ id }}', 0, 4);
  assert.equal(value(h), "**`id`** — The problem's id: the dataset's `id` field, or its 1-based line number.\n\nProvided to prompt `chat` by `e2` (evaluate).");
  assert.deepEqual(h!.range, { start: positionOf(text, '{{ id }}', 0, 3), end: positionOf(text, '{{ id }}', 0, 5) });
});
