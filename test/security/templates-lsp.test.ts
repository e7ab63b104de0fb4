// The escape corpus over the real language server (stdio, test/lsp/harness.ts), in a trusted and an untrusted
// workspace: diagnostics show every static attempt as template/unsafe at its prompt, `passk/preview` renders
// every attempt and reports the refusal, hover and CodeLens run over them, no marker appears and the server
// lives. And a template that exhausts the render budget fails with template/budget while hovers keep answering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeLens, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import type { PreviewResult } from '../../server/src/protocol/requests';
import { LspClient, positionOf } from '../lsp/harness';
import { makeWorkspace } from '../lsp/workspace';
import { attemptTemplate, DATASET_JSONL, ESCAPES, markerName } from './template-escapes';

const REFUSED = /templates may not use|templates may call only|cannot be read in a template|cannot be called|is not available|cannot be used as a key/;

function recipeText(markers: string): string {
  const prompts = ESCAPES.map((a) => `  p-${a.name}: ${JSON.stringify(attemptTemplate(a, path.join(markers, markerName(a))))}`);
  const evaluate = ESCAPES.map((a) => `  e-${a.name}: { model: m, dataset: data, prompt: p-${a.name}, samples: 1, k: [1] }`);
  return ['passk: 1', 'models:', '  m: { baseUrl: http://127.0.0.1:9/v1, model: x }', 'datasets:',
    '  data: { path: data.jsonl, question: question, answer: { field: answer, extract: gsm8k } }', 'prompts:', ...prompts, 'evaluate:', ...evaluate, ''].join('\n');
}

for (const trusted of [true, false]) {
  test(`${trusted ? 'trusted' : 'untrusted'} workspace: diagnostics, preview, hover and CodeLens over every attempt; nothing escapes`, async () => {
    const ws = makeWorkspace({ 'data.jsonl': DATASET_JSONL });
    fs.mkdirSync(ws.file('markers'));
    const text = recipeText(ws.file('markers'));
    const uri = ws.uri('corpus.recipe.yaml');
    ws.write('corpus.recipe.yaml', text);
    const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0, workspaceTrusted: trusted }, rootUri: null });
    try {
      client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'template/unsafe'), { timeoutMs: 30_000 });
      const lines = text.split('\n');
      const unsafeLines = new Set(published.diagnostics.filter((d: Diagnostic) => d.code === 'template/unsafe' && d.severity === 1).map((d) => d.range.start.line));
      for (const a of ESCAPES) {
        const line = lines.findIndex((l) => l.startsWith(`  p-${a.name}:`));
        assert.equal(unsafeLines.has(line), a.stage === 'static', `${a.name}: template/unsafe diagnostic on line ${line + 1}`);
      }
      for (const a of ESCAPES) {
        const r = await client.request<PreviewResult>('passk/preview', { uri, entry: `e-${a.name}` });
        assert.deepEqual(r.items, [], `${a.name}: nothing rendered`);
        assert.ok(r.problems.some((m) => REFUSED.test(m)), `${a.name}: ${JSON.stringify(r.problems)}`);
        const at = text.indexOf(`p-${a.name}:`);
        const inside = text.indexOf('{{', at) + 3;
        await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text.slice(0, inside) + '\u0000', '\u0000') });
      }
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.ok(Array.isArray(lenses));
      assert.deepEqual(fs.readdirSync(ws.file('markers')), [], 'attempts escaped');
      assert.ok(client.alive, 'the server is still running');
      assert.doesNotMatch(client.stderr, /escaped|TypeError|RangeError/);
    } finally {
      await client.stop();
      ws.remove();
    }
  });
}

test('a preview that exhausts the render budget fails with template/budget while hovers keep answering', async () => {
  const loops = '{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}x{% endfor %}{% endfor %}{% endfor %}';
  const text = ['passk: 1', 'models:', '  m: { baseUrl: http://127.0.0.1:9/v1, model: x }', 'datasets:',
    '  data: { path: data.jsonl, question: question, answer: { field: answer, extract: gsm8k } }', 'prompts:',
    `  huge: "{{ question }}${loops}"`, `  big-range: "{% for i in range(1000000000) %}x{% endfor %}"`, 'evaluate:',
    '  e-huge: { model: m, dataset: data, prompt: huge, samples: 1, k: [1] }', '  e-range: { model: m, dataset: data, prompt: big-range, samples: 1, k: [1] }', ''].join('\n');
  const ws = makeWorkspace({ 'data.jsonl': DATASET_JSONL.repeat(3), 'budget.recipe.yaml': text });
  const uri = ws.uri('budget.recipe.yaml');
  const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0, workspaceTrusted: false }, rootUri: null });
  try {
    client.open(uri, text);
    await client.waitForDiagnostics(uri, () => true, { timeoutMs: 30_000 });
    const t0 = Date.now();
    const preview = client.request<PreviewResult>('passk/preview', { uri, entry: 'e-huge', limit: 3 });
    const hovers: number[] = [];
    const hoverLoop = (async () => {
      for (let i = 0; i < 5; i++) {
        const h0 = Date.now();
        const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'samples: 1', 0, 2) });
        assert.ok(h, 'the hover answers');
        hovers.push(Date.now() - h0);
      }
    })();
    const [r] = await Promise.all([preview, hoverLoop]);
    const total = Date.now() - t0;
    assert.deepEqual(r.items, []);
    assert.ok(r.problems.some((m) => /evaluation steps/.test(m)), JSON.stringify(r.problems));
    assert.ok(total < 60_000, `preview took ${total} ms`);
    assert.ok(Math.max(...hovers) < 20_000, `hovers answered in ${hovers.join(', ')} ms`);
    if (process.env['PASSK_PRINT_TIMES']) console.log(`preview ${total} ms; hovers ${hovers.join(', ')} ms`);
    const range = await client.request<PreviewResult>('passk/preview', { uri, entry: 'e-range' });
    assert.ok(range.problems.some((m) => /range\(\) would produce 1,000,000,000 numbers/.test(m)), JSON.stringify(range.problems));
    assert.ok(client.alive);
  } finally {
    await client.stop();
    ws.remove();
  }
});
