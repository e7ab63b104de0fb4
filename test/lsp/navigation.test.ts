// Go to definition, find references, prepare-rename, rename and the outline, over real stdio on a recipe
// written to disk, with exact ranges.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, Location, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, rangeOf } from './harness';
import { applyEdits, DEMO_RECIPE, makeWorkspace, TINY_JSONL, type Workspace } from './workspace';

let client: LspClient;
let ws: Workspace;
let uri: string;
const text = DEMO_RECIPE;

before(async () => {
  ws = makeWorkspace({ 'tiny.jsonl': TINY_JSONL, 'demo.recipe.yaml': text });
  uri = ws.uri('demo.recipe.yaml');
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  client.open(uri, text);
  await client.waitForDiagnostics(uri);
});
after(async () => {
  await client.stop();
  ws.remove();
});

const at = (needle: string, occurrence = 0, delta = 1) => ({ textDocument: { uri }, position: positionOf(text, needle, occurrence, delta) });

test('the demo recipe has no diagnostics (the fixtures below start from a clean recipe)', async () => {
  const p = await client.waitForDiagnostics(uri);
  assert.deepEqual(p.diagnostics.map((d) => `${d.code} ${d.message}`), []);
});

test('definition of a model reference lands on the model key', async () => {
  const locs = await client.request<Location[]>('textDocument/definition', at('model: student', 0, 'model: st'.length));
  assert.deepEqual(locs, [{ uri, range: rangeOf(text, 'student', 0) }]);
});

test('definition of a dataset and a prompt reference', async () => {
  assert.deepEqual(await client.request('textDocument/definition', at('dataset: tiny', 1, 'dataset: '.length)), [{ uri, range: rangeOf(text, 'tiny', 0) }]);
  assert.deepEqual(await client.request('textDocument/definition', at('prompt: chat', 0, 'prompt: ch'.length)), [{ uri, range: { start: positionOf(text, 'chat:'), end: positionOf(text, 'chat:', 0, 4) } }]);
});

test('definition on something that is not a name answers nothing', async () => {
  assert.deepEqual(await client.request('textDocument/definition', at('samples: 4', 0, 2)), []);
});

test('references of a model from its definition, with and without the declaration', async () => {
  const params = { ...at('teacher:', 0, 3), context: { includeDeclaration: true } };
  const withDecl = await client.request<Location[]>('textDocument/references', params);
  assert.deepEqual(withDecl, [
    { uri, range: rangeOf(text, 'teacher', 0) },
    { uri, range: { start: positionOf(text, 'model: teacher', 0, 7), end: positionOf(text, 'model: teacher', 0, 14) } },
  ]);
  const without = await client.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: false } });
  assert.deepEqual(without, withDecl.slice(1));
});

test('prepareRename on a reference gives its range and current name; elsewhere it declines', async () => {
  const r = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', at('dataset: tiny', 0, 'dataset: t'.length));
  assert.deepEqual(r, { range: { start: positionOf(text, 'dataset: tiny', 0, 9), end: positionOf(text, 'dataset: tiny', 0, 13) }, placeholder: 'tiny' });
  assert.equal(await client.request('textDocument/prepareRename', at('samples: 4', 0, 1)), null);
});

test('rename a dataset edits the definition and every reference, and the result is still clean', async () => {
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at('tiny:', 0, 1), newName: 'gsm-mini' });
  const edits = edit.changes![uri]!;
  assert.equal(edits.length, 3);
  const renamed = applyEdits(text, edits);
  assert.equal(renamed, text.replace(/\btiny:/, 'gsm-mini:').replace(/dataset: tiny/g, 'dataset: gsm-mini'));
  const other = ws.uri('renamed.recipe.yaml');
  client.open(other, renamed);
  const p = await client.waitForDiagnostics(other);
  assert.deepEqual(p.diagnostics, []);
  client.close(other);
});

test('rename refuses a name that is taken or not a valid key, with a message', async () => {
  await assert.rejects(client.request('textDocument/rename', { ...at('model: student', 0, 8), newName: 'teacher' }), /A model named "teacher" already exists/);
  await assert.rejects(client.request('textDocument/rename', { ...at('model: student', 0, 8), newName: 'two words' }), /not a valid name/);
});

test('document symbols: sections with their entries', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(
    symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
    [['models', ['teacher', 'student']], ['datasets', ['tiny']], ['prompts', ['cot', 'chat']], ['evaluate', ['e1', 'e2']]],
  );
  const models = symbols[0]!;
  assert.deepEqual(models.selectionRange, rangeOf(text, 'models'));
  assert.deepEqual(models.children![1]!.selectionRange, rangeOf(text, 'student', 0));
  assert.equal(models.range.start.line, 2);
  assert.equal(models.range.end.line, 9);
});

test('passk/entries lists every named entry in document order with its key range', async () => {
  const r = await client.request<{ entries: Array<{ kind: string; name: string; range: unknown }>; hasErrors: boolean }>('passk/entries', { uri });
  assert.deepEqual(r.entries.map((e) => `${e.kind}:${e.name}`), ['models:teacher', 'models:student', 'datasets:tiny', 'prompts:cot', 'prompts:chat', 'evaluate:e1', 'evaluate:e2']);
  assert.deepEqual(r.entries.find((e) => e.name === 'e2')!.range, rangeOf(text, 'e2'));
  assert.equal(r.hasErrors, false);
});

test('passk/analyzed follows each analysed version with its error and warning counts', async () => {
  const broken = ws.uri('counted.recipe.yaml');
  client.open(broken, text.replace('model: student', 'model: nobody').replace('temperature: 0.7', 'temperature: 0'));
  const note = await client.waitFor(
    () => client.notifications.find((n) => n.method === 'passk/analyzed' && (n.params as { uri: string }).uri === broken),
    10_000,
    'passk/analyzed',
  );
  assert.deepEqual(note.params, { uri: broken, version: 1, errors: 1, warnings: 1 });
  client.close(broken);
});
