// The server must never crash on user input: malformed YAML, a binary file, a 1 MB and a 5 MB recipe,
// 1000-deep nesting and a dataset with broken lines each get positioned diagnostics, and the server still
// answers a hover afterwards. A burst of 200 edits yields one final diagnostics set for the last version (and at
// most one for its first, which may come after a pause).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Hover } from 'vscode-languageserver-protocol';
import { MAX_RECIPE_CHARS } from '../../server/src/recipe/recipe-limits';
import { errorsOf, LspClient, messageText, positionOf, rangeOf } from './harness';
import { DEMO_RECIPE, makeWorkspace, TINY_JSONL, type Workspace } from './workspace';

let client: LspClient;
let ws: Workspace;

before(async () => {
  ws = makeWorkspace({ 'tiny.jsonl': TINY_JSONL });
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
});
after(async () => {
  await client.stop();
  ws.remove();
});

/** The server is alive and answering: a hover on the demo recipe's `samples` key returns its docs. */
async function assertStillAnswers(): Promise<void> {
  const uri = ws.uri(`alive-${client.published.length}.recipe.yaml`);
  client.open(uri, DEMO_RECIPE);
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(DEMO_RECIPE, 'samples: 4', 0, 2) });
  assert.ok(h && JSON.stringify(h.contents).includes('sampled per problem'), `hover after robustness case: ${JSON.stringify(h)}`);
  client.close(uri);
  assert.ok(client.alive);
}

test('malformed YAML gets a positioned syntax error', async () => {
  const uri = ws.uri('malformed.recipe.yaml');
  const text = 'passk: 1\nmodels:\n  teacher: [unclosed\n  other: {a: 1\n';
  client.open(uri, text);
  const p = await client.waitForDiagnostics(uri, (x) => x.diagnostics.length > 0);
  const syntax = p.diagnostics.filter((d) => d.code === 'recipe/yaml-syntax');
  assert.ok(syntax.length > 0, JSON.stringify(p.diagnostics));
  for (const d of syntax) assert.ok(d.range.start.line >= 2 && d.range.start.line <= 4, JSON.stringify(d.range));
  await assertStillAnswers();
});

test('a binary file gets an error, not a crash', async () => {
  const uri = ws.uri('binary.recipe.yaml');
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
  client.open(uri, bytes.toString('latin1'));
  const p = await client.waitForDiagnostics(uri, (x) => x.diagnostics.length > 0);
  assert.ok(errorsOf(p).length > 0);
  await assertStillAnswers();
});

/** A recipe of prompts about `chars` long, ending with an unknown key on its last line. */
function bigRecipe(chars: number): { text: string; lastLine: number } {
  const lines = ['passk: 1', 'prompts:'];
  let size = 0;
  for (let i = 0; size < chars; i++) {
    const l = `  p${i}: "Problem ${i}: {{ question }} ${'x'.repeat(60)}"`;
    lines.push(l);
    size += l.length + 1;
  }
  lines.push('bogusKey: 1');
  return { text: lines.join('\n') + '\n', lastLine: lines.length - 1 };
}

test('a recipe at the size limit is analysed in the worker while the server keeps answering', async () => {
  const uri = ws.uri('huge.recipe.yaml');
  const { text, lastLine } = bigRecipe(MAX_RECIPE_CHARS - 1000);
  assert.ok(text.length <= MAX_RECIPE_CHARS);
  const since = client.published.length;
  client.open(uri, text);
  // The analysis runs in a worker thread, so a hover on another recipe is answered before the big file's
  // diagnostics are ready (an ordering check, not a timing one).
  const small = ws.uri('small-during-huge.recipe.yaml');
  client.open(small, DEMO_RECIPE);
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: positionOf(DEMO_RECIPE, 'samples: 4', 0, 2) });
  assert.ok(h, 'hover answered');
  assert.equal(client.published.slice(since).some((x) => x.uri === uri), false, 'the hover should not have waited for the big analysis');
  const p = await client.waitForDiagnostics(uri, undefined, { timeoutMs: 120_000 });
  const unknown = p.diagnostics.find((d) => d.code === 'recipe/unknown-key');
  assert.ok(unknown, JSON.stringify(p.diagnostics.slice(0, 5)));
  assert.equal(unknown.range.start.line, lastLine);
  await assertStillAnswers();
});

test('a 5 MB recipe gets one recipe/too-large problem at its start, and the server keeps answering', async () => {
  const uri = ws.uri('too-large.recipe.yaml');
  client.open(uri, bigRecipe(5 * 1024 * 1024).text);
  const p = await client.waitForDiagnostics(uri, undefined, { timeoutMs: 60_000 });
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start]), [['recipe/too-large', { line: 0, character: 0 }]]);
  await assertStillAnswers();
});

test('1000-deep nesting does not overflow the stack', async () => {
  const uri = ws.uri('deep.recipe.yaml');
  const flow = `passk: 1\nmodels: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
  const block = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
  for (const [i, text] of [flow, `passk: 1\ndescription: x\n${block}\n`].entries()) {
    const u = `${uri}-${i}`;
    client.open(u, text);
    const p = await client.waitForDiagnostics(u, undefined, { timeoutMs: 60_000 });
    assert.ok(p.diagnostics.length > 0, `case ${i}: nesting like this is not a valid recipe`);
  }
  await assertStillAnswers();
});

test('a dataset with broken lines gets positioned diagnostics in the dataset file itself', async () => {
  const data = ws.write('broken.jsonl', `${TINY_JSONL}{"question": "unterminated\nnot json at all\n{"question": "ok?", "answer": "#### 1"}\n`);
  const uri = ws.uri('uses-broken.recipe.yaml');
  client.open(uri, DEMO_RECIPE.replace('path: tiny.jsonl', 'path: broken.jsonl'));
  const dataUri = ws.uri('broken.jsonl');
  const p = await client.waitForDiagnostics(dataUri, (x) => x.diagnostics.length >= 2);
  const lines = p.diagnostics.map((d) => d.range.start.line).sort((a, b) => a - b);
  assert.deepEqual(lines, [3, 4], JSON.stringify(p.diagnostics));
  assert.ok(p.diagnostics.every((d) => d.code === 'recipe/dataset-bad-json' && d.severity === 2 && /not valid JSON/.test(messageText(d))), JSON.stringify(p.diagnostics));
  // Each one links back to the dataset's path in the recipe that reported it.
  assert.deepEqual(p.diagnostics[0]!.relatedInformation![0]!.location, { uri, range: rangeOf(DEMO_RECIPE.replace('path: tiny.jsonl', 'path: broken.jsonl'), 'broken.jsonl') });
  assert.deepEqual(p.diagnostics.find((d) => d.range.start.line === 4)!.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 'not json at all'.length } });
  // Opening the dataset file itself (as the VS Code client does for run hints) adds no recipe diagnostics to
  // it, and recipe features answer nothing there.
  const before = client.published.length;
  client.open(dataUri, fs.readFileSync(data, 'utf8'), 'jsonl');
  await client.request('textDocument/documentSymbol', { textDocument: { uri: dataUri } }).then((s) => assert.deepEqual(s, []));
  assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: dataUri }, position: { line: 0, character: 1 } }), []);
  const latest = [...client.published.slice(before)].reverse().find((x) => x.uri === dataUri);
  if (latest) assert.ok(latest.diagnostics.every((d) => d.code === 'recipe/dataset-bad-json'), JSON.stringify(latest.diagnostics));
  client.close(dataUri);
  // Closing the recipe withdraws what it reported in the dataset file.
  const since = client.published.length;
  client.close(uri);
  await client.waitForDiagnostics(dataUri, (x) => x.diagnostics.length === 0, { since });
  await assertStillAnswers();
});

test('200 rapid edits are coalesced: one diagnostics set for the last version (and at most one for the first)', async () => {
  const uri = ws.uri('rapid.recipe.yaml');
  const slow = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 150 } });
  try {
    slow.open(uri, DEMO_RECIPE);
    await slow.waitForDiagnostics(uri);
    const since = slow.published.length;
    let version = 1;
    // Each edit retypes the samples count; every intermediate version has k above samples except the last.
    for (let i = 0; i < 200; i++) {
      const samples = i === 199 ? '4' : '1';
      version = slow.change(uri, DEMO_RECIPE.replace('samples: 4', `samples: ${samples}`).replace('bogus', `${i}`));
    }
    const final = await slow.waitForDiagnostics(uri, (p) => p.version === version, { since });
    await new Promise((r) => setTimeout(r, 400));
    const after = slow.published.slice(since).filter((p) => p.uri === uri);
    // The first edit may come after a pause (the open's analysis can outlast the debounce) and publish at once;
    // every edit typed after it is coalesced into the last version.
    const versions = after.map((p) => p.version);
    assert.ok(after.length <= 2 && versions.every((v) => v === 2 || v === 201), `expected the last version and at most the first, got versions ${versions.join(',')}`);
    assert.equal(versions.at(-1), 201);
    assert.equal(final.version, 200 + 1);
    assert.deepEqual(final.diagnostics, []);
  } finally {
    await slow.stop();
  }
});
