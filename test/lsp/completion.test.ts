// Completion over real stdio: keys with docs (never one already present), enum values, reference names,
// template variables per context and `${env:` names from the server's environment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Position, TextEdit } from 'vscode-languageserver-protocol';
import { fieldAt } from '../../server/src/recipe';
import { LspClient, positionOf } from './harness';
import { DEMO_RECIPE, makeWorkspace, TINY_JSONL, type Workspace } from './workspace';

let client: LspClient;
let ws: Workspace;
let n = 0;

before(async () => {
  ws = makeWorkspace({ 'tiny.jsonl': TINY_JSONL });
  client = await LspClient.start({
    initializationOptions: { diagnosticsDelayMs: 0 },
    env: { ...process.env, PASSK_TEST_SECRET_KEY: 'sk-never-shown', PASSK_TEST_OTHER: 'x' },
  });
});
after(async () => {
  await client.stop();
  ws.remove();
});

/** Opens `text` as a fresh document and asks for completion at `position`. */
async function complete(text: string, position: Position): Promise<CompletionItem[]> {
  const uri = ws.uri(`c${n++}.recipe.yaml`);
  client.open(uri, text);
  const r = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
  client.close(uri);
  return Array.isArray(r) ? r : (r?.items ?? []);
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();

test('keys of an evaluation entry: missing ones with docs, present ones left out', async () => {
  const text = DEMO_RECIPE.replace('    k: [1, 2]\n', '    k: [1, 2]\n    \n');
  const items = await complete(text, positionOf(text, 'k: [1, 2]\n', 0, 'k: [1, 2]\n    '.length));
  assert.deepEqual(labels(items), ['expect', 'fewShot', 'grader', 'groupBy', 'limit', 'maxTokens', 'sample', 'seed', 'series', 'stop', 'topP', 'where']);
  const topP = items.find((i) => i.label === 'topP')!;
  assert.deepEqual(topP.documentation, { kind: 'markdown', value: `**topP** — number, default \`1\`, 0 < value ≤ 1\n\n${fieldAt(['evaluate', 'x', 'topP'])!.docs}` });
  const line = positionOf(text, 'k: [1, 2]\n').line + 1;
  assert.deepEqual((topP.textEdit as TextEdit), { range: { start: { line, character: 4 }, end: { line, character: 4 } }, newText: 'topP: ' });
});

test('a half-typed key is replaced by the chosen one', async () => {
  const text = DEMO_RECIPE.replace('    api: completions\n', '    api: completions\n    conc\n');
  const pos = positionOf(text, '    conc', 0, 8);
  const items = await complete(text, pos);
  const item = items.find((i) => i.label === 'concurrency');
  assert.ok(item, JSON.stringify(labels(items)));
  assert.ok(!items.some((i) => i.label === 'api' || i.label === 'model' || i.label === 'baseUrl'));
  assert.deepEqual(item.textEdit, { range: { start: { line: pos.line, character: 4 }, end: pos }, newText: 'concurrency: ' });
});

test('top-level keys at the start of an empty line skip the ones the recipe has', async () => {
  const text = `${DEMO_RECIPE}\n`;
  const items = await complete(text, { line: text.split('\n').length - 1, character: 0 });
  assert.deepEqual(labels(items), ['description', 'synthesize']);
});

test('enum values after `api:` and booleans after `batch:`', async () => {
  const text = DEMO_RECIPE.replace('    api: completions', '    api: ');
  const items = await complete(text, positionOf(text, '    api: ', 0, 9));
  assert.deepEqual(labels(items), ['chat', 'completions']);
  const t2 = DEMO_RECIPE.replace('    api: completions', '    batch: ');
  assert.deepEqual(labels(await complete(t2, positionOf(t2, '    batch: ', 0, 11))), ['false', 'true']);
});

test('extraction modes inside a flow mapping', async () => {
  const text = DEMO_RECIPE.replace('extract: gsm8k', 'extract: bo');
  const pos = positionOf(text, 'extract: bo', 0, 11);
  const items = await complete(text, pos);
  assert.deepEqual(labels(items), ['answer-is', 'auto', 'boxed', 'gsm8k', 'last-number', 'none', 'regex:']);
  const boxed = items.find((i) => i.label === 'boxed')!;
  assert.deepEqual(boxed.textEdit, { range: { start: { line: pos.line, character: pos.character - 2 }, end: pos }, newText: 'boxed' });
});

test('model, dataset and prompt names where a reference goes', async () => {
  const text = DEMO_RECIPE;
  const m = await complete(text, positionOf(text, 'model: student', 0, 'model: stu'.length));
  assert.deepEqual(labels(m), ['student', 'teacher']);
  const s = m.find((i) => i.label === 'student')!;
  assert.deepEqual(s.textEdit, { range: { start: positionOf(text, 'model: student', 0, 7), end: positionOf(text, 'model: student', 0, 14) }, newText: 'student' });
  assert.deepEqual(labels(await complete(text, positionOf(text, 'dataset: tiny', 0, 9))), ['tiny']);
  assert.deepEqual(labels(await complete(text, positionOf(text, 'prompt: cot', 0, 8))), ['chat', 'cot']);
});

test('template variables inside {{ }} depend on where the prompt is used', async () => {
  const text = DEMO_RECIPE;
  const inEval = await complete(text, positionOf(text, '{{ question }}', 0, 3));
  assert.deepEqual(labels(inEval), ['examples', 'id', 'question', 'row']);
  assert.deepEqual(inEval.find((i) => i.label === 'question')!.textEdit, {
    range: { start: positionOf(text, '{{ question }}', 0, 3), end: positionOf(text, '{{ question }}', 0, 3) },
    newText: 'question',
  });
  // A prompt used by a synthesis `generate` stage gets the seed variables instead.
  const synth = `${DEMO_RECIPE}synthesize:\n  s1:\n    seeds: tiny\n    generate: { model: teacher, prompt: gen }\n    solve: { model: teacher, prompt: cot }\n    output: out.jsonl\n`.replace(
    '  cot: "Solve: {{ question }}"\n',
    '  cot: "Solve: {{ question }}"\n  gen: "Write a new problem like: {{ seed.q }}"\n',
  );
  const gen = await complete(synth, positionOf(synth, '{{ seed.q', 0, 9));
  assert.deepEqual(labels(gen), ['seed', 'seed.answer', 'seed.question', 'seed.row']);
  assert.deepEqual((gen.find((i) => i.label === 'seed.question')!.textEdit as TextEdit).range, { start: positionOf(synth, 'seed.q }}'), end: positionOf(synth, 'seed.q }}', 0, 6) });
  // Outside the braces there is nothing to complete in a prompt.
  assert.deepEqual(await complete(text, positionOf(text, 'Solve: ', 0, 3)), []);
});

test('${env: offers the names of the server environment, never the values', async () => {
  const text = DEMO_RECIPE.replace('    model: gpt-test\n', '    model: gpt-test\n    apiKey: ${env:PASSK_TEST_S\n');
  const pos = positionOf(text, '${env:PASSK_TEST_S', 0, '${env:PASSK_TEST_S'.length);
  const items = await complete(text, pos);
  const item = items.find((i) => i.label === 'PASSK_TEST_SECRET_KEY');
  assert.ok(item);
  assert.ok(items.some((i) => i.label === 'PASSK_TEST_OTHER'));
  assert.deepEqual(item.textEdit, { range: { start: { line: pos.line, character: pos.character - 'PASSK_TEST_S'.length }, end: pos }, newText: 'PASSK_TEST_SECRET_KEY}' });
  assert.ok(!JSON.stringify(items).includes('sk-never-shown'));
});

test('dataset names for an item of a block list (`- ` under decontaminate.against)', async () => {
  const text = `${DEMO_RECIPE}synthesize:\n  s1:\n    seeds: tiny\n    generate: { model: teacher, prompt: cot }\n    solve: { model: teacher, prompt: cot }\n    output: out.jsonl\n    filters:\n      decontaminate:\n        against:\n          - ti\n`;
  const pos = positionOf(text, '- ti', 0, 4);
  const items = await complete(text, pos);
  assert.deepEqual(labels(items), ['tiny']);
  assert.deepEqual(items[0]!.textEdit, { range: { start: { line: pos.line, character: pos.character - 2 }, end: pos }, newText: 'tiny' });
});
