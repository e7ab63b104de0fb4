// The analysis worker's result is the analysis every feature uses: requests that come right after a recipe is
// opened (completion, hover, definition, document symbols, CodeLens) wait for the worker's analysis of that
// version instead of making their own on the server's message loop, and the document the worker sent back (its
// template offset maps included) places hovers and definitions exactly. The server's analysis trace
// (PASSK_LSP_TRACE=analyses) says where each analysis was made; with the worker turned off every feature shares
// one analysis made on the message loop, so the trace can tell the two apart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, CompletionItem, CompletionList, DocumentSymbol, Hover, Location } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from './harness';
import { DEMO_RECIPE, makeWorkspace, offsetToPosition, TINY_JSONL, type Workspace } from './workspace';

let ws: Workspace;
before(() => {
  ws = makeWorkspace({ 'tiny.jsonl': TINY_JSONL });
});
after(() => ws.remove());

/** The demo recipe with a prompt written with escapes, and enough evaluations that its analysis takes a while. */
function bigRecipe(evaluations: number): string {
  const escaped = DEMO_RECIPE.replace('prompts:\n', 'prompts:\n  esc: "Tab\\there \\u00e9 {{ question }}"\n');
  const lines = [escaped.trimEnd()];
  for (let i = 0; i < evaluations; i++) {
    lines.push(`  big${i}:`, `    model: ${i % 2 ? 'teacher' : 'student'}`, '    dataset: tiny', `    prompt: ${i % 3 ? 'cot' : 'esc'}`, '    samples: 4', '    k: [1, 2]');
  }
  return `${lines.join('\n')}\n`;
}

const traced = (client: LspClient, uri: string, where: RegExp) => client.logs.filter((l) => l.includes(`analysed ${uri} version`) && where.test(l));

/** Sends the requests an editor sends on opening a file, all before the first diagnostics can be there. */
async function requestsOnOpen(client: LspClient, uri: string, text: string) {
  const textDocument = { uri };
  const modelValue = positionOf(text, 'model: teacher', 1, 'model: '.length);
  const [completion, hover, templateHover, definition, symbols, lenses] = await Promise.all([
    client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument, position: modelValue }),
    client.request<Hover | null>('textDocument/hover', { textDocument, position: positionOf(text, 'samples: 4', 0, 2) }),
    client.request<Hover | null>('textDocument/hover', { textDocument, position: positionOf(text, '{{ question }}"\n', 0, 5) }),
    client.request<Location | Location[] | null>('textDocument/definition', { textDocument, position: positionOf(text, 'prompt: esc', 0, 'prompt: '.length + 1) }),
    client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument }),
    client.request<CodeLens[]>('textDocument/codeLens', { textDocument }),
  ]);
  const items = Array.isArray(completion) ? completion : completion.items;
  assert.ok(items.some((i) => i.label === 'teacher') && items.some((i) => i.label === 'student'), JSON.stringify(items.map((i) => i.label)));
  assert.ok(hover && JSON.stringify(hover.contents).includes('sampled per problem'), JSON.stringify(hover));
  // The template variable sits after a tab and a \u escape: only a correct offset map lands on its text.
  assert.ok(templateHover?.range, JSON.stringify(templateHover));
  const at = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).join('\n').length + (p.line ? 1 : 0) + p.character;
  assert.equal(text.slice(at(templateHover.range.start), at(templateHover.range.end)), 'question');
  const target = Array.isArray(definition) ? definition[0] : definition;
  assert.deepEqual(target?.range.start, offsetToPosition(text, text.indexOf('  esc:') + 2));
  assert.ok(symbols.some((s) => s.name === 'evaluate' || s.children?.some((c) => c.name === 'big0')), JSON.stringify(symbols.map((s) => s.name)));
  assert.ok(lenses.length >= 2, `CodeLens on the evaluations: ${lenses.length}`);
}

test('features asked right after didOpen use the worker analysis of that version, not one of their own', async () => {
  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, env: { ...process.env, PASSK_LSP_TRACE: 'analyses' } });
  try {
    const uri = ws.uri('opened.recipe.yaml');
    const text = bigRecipe(1500);
    client.open(uri, text);
    await requestsOnOpen(client, uri, text);
    await client.waitForDiagnostics(uri);
    assert.deepEqual(traced(client, uri, /on the main thread/), [], 'no feature analysed the recipe on the message loop');
    assert.equal(traced(client, uri, /the analysis worker analysed/).length, 1, client.logs.join('\n'));
  } finally {
    await client.stop();
  }
});

test('with the worker turned off, every feature shares one analysis made on the message loop', async () => {
  const client = await LspClient.start({
    initializationOptions: { diagnosticsDelayMs: 0, analysisInWorker: false },
    env: { ...process.env, PASSK_LSP_TRACE: 'analyses' },
  });
  try {
    const uri = ws.uri('inline.recipe.yaml');
    const text = bigRecipe(300);
    client.open(uri, text);
    await requestsOnOpen(client, uri, text);
    await client.waitForDiagnostics(uri);
    assert.equal(traced(client, uri, /on the main thread/).length, 1, client.logs.join('\n'));
    assert.deepEqual(traced(client, uri, /the analysis worker analysed/), []);
  } finally {
    await client.stop();
  }
});

test('an edit after opening is analysed by the worker, and go-to-definition follows the edited text', async () => {
  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, env: { ...process.env, PASSK_LSP_TRACE: 'analyses' } });
  try {
    const uri = ws.uri('edited.recipe.yaml');
    const text = bigRecipe(200);
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    // Renaming the prompt `esc` at its definition leaves every `prompt: esc` pointing at nothing.
    const at = text.indexOf('  esc:') + 2;
    const version = client.change(uri, [{ range: { start: offsetToPosition(text, at), end: offsetToPosition(text, at + 3) }, text: 'escd' }]);
    const edited = `${text.slice(0, at)}escd${text.slice(at + 3)}`;
    const definition = await client.request<Location | Location[] | null>('textDocument/definition', {
      textDocument: { uri },
      position: positionOf(edited, 'prompt: esc\n', 0, 'prompt: '.length + 1),
    });
    assert.ok(definition === null || (Array.isArray(definition) && definition.length === 0), JSON.stringify(definition));
    const p = await client.waitForDiagnostics(uri, (x) => x.version === version);
    assert.ok(p.diagnostics.some((d) => d.code === 'recipe/undefined-reference' && String(d.message).includes('"esc"')), JSON.stringify(p.diagnostics.slice(0, 3)));
    assert.deepEqual(traced(client, uri, /on the main thread/), [], client.logs.join('\n'));
    assert.deepEqual(
      traced(client, uri, /the analysis worker analysed/).map((l) => /version (\d+)/.exec(l)?.[1]),
      ['1', String(version)],
    );
  } finally {
    await client.stop();
  }
});
