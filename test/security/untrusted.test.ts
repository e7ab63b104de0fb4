// Restricted Mode over real stdio: in a session started with `workspaceTrusted: false`, validation,
// completion, hover, CodeLens, inlay hints, the render-only preview, the model endpoints and the report of an
// existing run all answer; runs, syntheses and live previews are refused even with valid sealed keys, no
// request reaches the model server on 127.0.0.1, and not one file or folder of the workspace is created,
// changed or removed (the whole tree is snapshotted, contents included, before and after).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeLens, CompletionItem, CompletionList, Hover, InlayHint } from 'vscode-languageserver-protocol';
import type { ModelEndpointsResult, PreviewResult, ReportResult, RunResult } from '../../server/src/protocol/requests';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { startSimulator, type Simulator } from '../../server/src/sim/simulator';
import { dataDir } from '../helpers/paths';
import { boundKey, testSession } from '../helpers/session-keys';
import { fileUri, LspClient, positionOf } from '../lsp/harness';
import { makeWorkspace, type Workspace } from '../lsp/workspace';

const KEY = 'sk-passk-untrusted-5d1c8e';
const gsm = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 3).join('\n') + '\n';

const recipe = (url: string) => `passk: 1
models:
  sim: { baseUrl: "${url}", model: passk-sim, concurrency: 2, maxRetries: 0 }
datasets:
  gsm: { path: gsm.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
  gen: "Given Question: {{ seed.question }}\\n\\nWrite the final question after FINAL CREATED QUESTION:"
  solve: "{{ question }} Solve it."
evaluate:
  main: { model: sim, dataset: gsm, prompt: cot, samples: 2, k: [1, 2], temperature: 0.7, seed: 3 }
  other: { model: sim, dataset: gsm, prompt: cot, samples: 2, k: [1, 2], temperature: 0.7, seed: 4 }
synthesize:
  remix:
    seeds: gsm
    perSeed: 1
    generate: { model: sim, prompt: gen, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }
    solve: { model: sim, prompt: solve, samples: 2 }
    output: out/remix.jsonl
`;

let sim: Simulator;
let ws: Workspace;
let client: LspClient;
let snapshot: Map<string, string>;
let text: string;
const session = testSession();
const requestsTo = (s: Simulator) => Object.values(s.stats.byRoute).reduce((a, b) => a + b, 0);
let sentBefore = 0;

/** Every folder and file under `dir` (relative path → kind, size, mtime and content hash). */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        out.set(rel, `dir ${st.mtimeMs}`);
        walk(p);
      } else out.set(rel, `file ${st.size} ${st.mtimeMs} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`);
    }
  };
  walk(dir);
  return out;
}

const recipeUri = () => ws.uri('main.recipe.yaml');
const freshUri = () => ws.uri('fresh/fresh.recipe.yaml');

before(async () => {
  sim = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')), apiKey: KEY });
  text = recipe(sim.url);
  ws = makeWorkspace({ 'gsm.jsonl': gsm, 'main.recipe.yaml': text, 'fresh/gsm.jsonl': gsm, 'fresh/fresh.recipe.yaml': text });
  // A trusted session makes one run, so the untrusted one has results to show (and a report to read).
  const trusted = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: null, env: session.env });
  try {
    trusted.open(recipeUri(), text);
    await trusted.waitForDiagnostics(recipeUri());
    const r = await trusted.request<RunResult>('passk/run', { uri: recipeUri(), kind: 'evaluate', entry: 'main', sealedKeys: session.seal(boundKey(sim.url, 'passk-sim', KEY), 'passk/run') });
    assert.equal(r.completed, true, r.problems.join(' '));
    // Without summary.json the report is computed from samples.jsonl: the path most tempted to write one back.
    fs.rmSync(path.join(r.runDir, 'summary.json'));
  } finally {
    await trusted.stop();
  }
  assert.equal(fs.existsSync(path.join(ws.dir, 'fresh', '.passk')), false);
  snapshot = tree(ws.dir);
  sentBefore = requestsTo(sim);
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0, workspaceTrusted: false }, rootUri: fileUri(ws.dir), env: session.env });
  client.open(recipeUri(), text);
  client.open(freshUri(), text);
  client.open(ws.uri('gsm.jsonl'), gsm, 'jsonl');
});

after(async () => {
  await client?.stop();
  await sim?.close();
  ws?.remove();
});

test('untrusted: runs, syntheses and live previews are refused, even with valid sealed keys, and no request is sent', async () => {
  for (const uri of [recipeUri(), freshUri()]) {
    const sealedKeys = session.seal(boundKey(sim.url, 'passk-sim', KEY), 'passk/run');
    await assert.rejects(client.request('passk/run', { uri, kind: 'evaluate', entry: 'main', sealedKeys }), /untrusted workspace/);
    await assert.rejects(client.request('passk/run', { uri, kind: 'evaluate', entry: 'other', sealedKeys }), /untrusted workspace/);
    await assert.rejects(client.request('passk/run', { uri, kind: 'synthesize', entry: 'remix', sealedKeys }), /untrusted workspace/);
    const live = session.seal(boundKey(sim.url, 'passk-sim', KEY), 'passk/previewLive');
    await assert.rejects(client.request('passk/previewLive', { uri, entry: 'remix', sealedKeys: live }), /untrusted workspace/);
  }
  assert.equal(requestsTo(sim), sentBefore, 'no request reached the model server');
});

test('untrusted: validation, completion and hover work', async () => {
  const diags = await client.waitForDiagnostics(recipeUri());
  assert.deepEqual(diags.diagnostics.filter((d) => d.severity === 1), []);
  const r = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: recipeUri() }, position: positionOf(text, 'model: sim, dataset', 0, 'model: '.length) });
  const labels = (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);
  assert.ok(labels.includes('sim'), `completion: ${labels.join(', ')}`);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: recipeUri() }, position: positionOf(text, 'samples: 2', 0, 1) });
  assert.ok(hover && JSON.stringify(hover.contents).length > 20, 'the field docs are shown');
});

test('untrusted: the render-only preview renders prompts, and model endpoints are listed without any key', async () => {
  const p = await client.request<PreviewResult>('passk/preview', { uri: recipeUri(), entry: 'main' });
  assert.equal(p.items.length, 3);
  assert.match(p.items[0]!.messages.at(-1)!.content, /The answer is: <ANSWER>/);
  const s = await client.request<PreviewResult>('passk/preview', { uri: freshUri(), entry: 'remix' });
  assert.ok(s.items.length > 0 && s.items[0]!.messages.at(-1)!.content.startsWith('Given Question:'));
  const e = await client.request<ModelEndpointsResult>('passk/modelEndpoints', { uri: recipeUri(), kind: 'evaluate', entry: 'main' });
  assert.deepEqual(e.models, [{ name: 'sim', model: 'passk-sim', origins: [new URL(sim.url).origin], hasRecipeKey: false }]);
});

test('untrusted: the report, CodeLens, inlay hints and dataset hover show the existing run without writing', async () => {
  const rep = await client.request<ReportResult>('passk/report', { uri: recipeUri(), entry: 'main' });
  assert.ok(rep.view?.kind === 'report' && rep.view.report.figures.some((f) => f.k === 1 && f.passAtK !== null), rep.problems.join(' '));
  const byDir = await client.request<ReportResult>('passk/report', { runDir: rep.runDir });
  assert.ok(byDir.view);
  const none = await client.request<ReportResult>('passk/report', { uri: freshUri(), entry: 'main' });
  assert.equal(none.view, undefined);
  assert.match(none.problems.join(' '), /no run yet/);
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: recipeUri() } });
  assert.ok(lenses.some((l) => l.command?.title.startsWith('pass@1 ')), lenses.map((l) => l.command?.title).join(' | '));
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: ws.uri('gsm.jsonl') }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } } });
  assert.equal(hints.length, 3);
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: ws.uri('gsm.jsonl') }, position: { line: 0, character: 3 } });
  assert.ok(hover, 'the answer histogram hover');
});

test('untrusted: not one file or folder of the workspace was created, changed or removed', async () => {
  // Give any late write (a debounced refresh, a background analysis) the chance to land before comparing.
  await client.request('passk/entries', { uri: recipeUri() });
  await new Promise((r) => setTimeout(r, 500));
  const now = tree(ws.dir);
  const changed = [...new Set([...snapshot.keys(), ...now.keys()])].filter((k) => snapshot.get(k) !== now.get(k));
  assert.deepEqual(changed, []);
  assert.equal(fs.existsSync(path.join(ws.dir, 'fresh', '.passk')), false, 'no run folder for the recipe that never ran');
  assert.equal(fs.existsSync(path.join(ws.dir, 'out')), false, 'no synthesis output');
  assert.equal(requestsTo(sim), sentBefore);
  assert.ok(client.alive);
});
