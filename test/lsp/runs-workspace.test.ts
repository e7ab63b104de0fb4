// Run results in the wider workspace, over real stdio: a dataset opened without its recipe finds the recipe in
// the workspace folder, and a started server has read the workspace's runs ahead (it says so in its log); `datasetRun: matchingFingerprint` hides a run the recipe has moved away from while
// `latest` keeps showing it marked stale; a client that supports refresh gets throttled
// workspace/codeLens/refresh and workspace/inlayHint/refresh requests while a run writes (≥ 1 s apart) and a
// final one at its end, and one when a watched summary file reports a run made elsewhere. Runs are made with the engine in-process or by `passk/run` against the simulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeLens, InlayHint } from 'vscode-languageserver-protocol';
import { runEvaluation } from '../../server/src/eval';
import { analyzeRecipe } from '../../server/src/recipe';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { startSimulator, type Simulator } from '../../server/src/sim/simulator';
import { dataDir, repoRoot } from '../helpers/paths';
import { ensureServerBuilt, fileUri, LspClient } from './harness';
import { makeWorkspace, type Workspace } from './workspace';

const gsmLines = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean);
const dataset = gsmLines.slice(0, 6).join('\n') + '\n';
const recipe = (url: string, seed: number) => `passk: 1
models:
  sim: { baseUrl: "${url}", model: passk-sim, concurrency: 1 }
datasets:
  gsm: { path: data/gsm.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  ev: { model: sim, dataset: gsm, prompt: cot, samples: 8, k: [1, 8], temperature: 0.7, seed: ${seed} }
`;

let sim: Simulator;
let ws: Workspace;
const whole = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

before(async () => {
  sim = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')), latencyMs: 120 });
  ws = makeWorkspace({ 'nested/runs.recipe.yaml': recipe(sim.url, 1), 'nested/data/gsm.jsonl': dataset });
  const file = ws.file('nested/runs.recipe.yaml');
  const doc = analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: {} }).value;
  const r = await runEvaluation(doc, 'ev', { env: {}, retryBaseMs: 2 });
  assert.equal(r.value?.complete, true, r.problems.map((p) => p.message).join(' '));
});

after(async () => {
  await sim?.close();
  ws?.remove();
});

test('a started server has read the workspace\'s runs ahead, and a dataset opened then shows them', async () => {
  const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: fileUri(ws.dir) });
  try {
    const said = await c.waitFor(() => c.logs.find((l) => /^passk: read \d+ runs? of/.test(l)), 10_000, 'the runs read ahead');
    assert.match(said, /^passk: read 1 run of 1 recipe ahead in \d+ ms\.$/);
    c.open(ws.uri('nested/data/gsm.jsonl'), dataset, 'jsonl');
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: ws.uri('nested/data/gsm.jsonl') }, range: whole });
    assert.equal(hints.length, 6);
  } finally {
    await c.stop();
  }
});

test('a dataset opened alone shows the run of a recipe found in the workspace folder', async () => {
  const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: fileUri(ws.dir) });
  try {
    c.open(ws.uri('nested/data/gsm.jsonl'), dataset, 'jsonl');
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: ws.uri('nested/data/gsm.jsonl') }, range: whole });
    assert.equal(hints.length, 6);
    assert.ok(hints.every((h) => /^\d\.\d\d│$/.test(String(h.label)) && /^pass@1 \d\.\d\d · pass@8 \d\.\d\d · maj \d\.\d\d/.test(String(h.tooltip))));
  } finally {
    await c.stop();
  }
});

test('after the recipe changes, matchingFingerprint hides the old run and latest shows it as stale', async () => {
  const changed = recipe(sim.url, 2); // another seed: another fingerprint, so the stored run no longer matches
  for (const mode of ['matchingFingerprint', 'latest'] as const) {
    const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0, datasetRun: mode }, rootUri: fileUri(ws.dir) });
    try {
      c.open(ws.uri('nested/runs.recipe.yaml'), changed);
      c.open(ws.uri('nested/data/gsm.jsonl'), dataset, 'jsonl');
      const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: ws.uri('nested/data/gsm.jsonl') }, range: whole });
      const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: ws.uri('nested/runs.recipe.yaml') } });
      const summary = lenses.map((l) => l.command!.title).filter((t) => t.startsWith('pass@1'));
      if (mode === 'matchingFingerprint') {
        assert.deepEqual(hints, []);
        assert.deepEqual(summary, []);
      } else {
        assert.equal(hints.length, 6);
        assert.ok(hints.every((h) => /^\d\.\d\d stale│$/.test(String(h.label)) && /\nStale: the recipe changed/.test(String(h.tooltip))), JSON.stringify(hints[0]));
        assert.equal(summary.length, 1);
        assert.match(summary[0]!, / \(stale: recipe changed\)$/);
      }
    } finally {
      await c.stop();
    }
  }
});

test('run diagnostics on a dataset are merged with what the recipe analysis places there (a broken line)', async () => {
  // Row 4 is not JSON: the recipe check mirrors its warning into the dataset file, the run skips the row, and
  // both sets must show side by side instead of one replacing the other.
  const broken = [...gsmLines.slice(0, 3), '{"question": "broken', ...gsmLines.slice(3, 5)].join('\n') + '\n';
  const w2 = makeWorkspace({ 'r.recipe.yaml': recipe(sim.url, 9), 'data/gsm.jsonl': broken });
  try {
    const doc = analyzeRecipe(recipe(sim.url, 9), { file: w2.file('r.recipe.yaml'), env: {} }).value;
    assert.equal((await runEvaluation(doc, 'ev', { env: {}, retryBaseMs: 2 })).value?.problems, 5);
    const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: null });
    try {
      c.open(w2.uri('r.recipe.yaml'), recipe(sim.url, 9));
      c.open(w2.uri('data/gsm.jsonl'), broken, 'jsonl');
      const codes = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.map((d) => String(d.code));
      const both = await c.waitForDiagnostics(w2.uri('data/gsm.jsonl'), (p) => codes(p).some((x) => x.startsWith('run/')) && codes(p).some((x) => x.startsWith('recipe/')));
      const mirrored = both.diagnostics.find((d) => String(d.code).startsWith('recipe/'))!;
      assert.equal(mirrored.range.start.line, 3, 'the broken row is flagged where it is');
      assert.ok(both.diagnostics.filter((d) => String(d.code).startsWith('run/')).every((d) => d.range.start.line !== 3), 'the run says nothing about the skipped row');
    } finally {
      await c.stop();
    }
  } finally {
    w2.remove();
  }
});

/** A bare JSON-RPC client declaring refresh and file-watching support, which the shared harness does not. */
async function rawClient() {
  const child = spawn(process.execPath, [ensureServerBuilt(), '--stdio'], { cwd: repoRoot, stdio: 'pipe' });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const refreshes: { method: string; at: number }[] = [];
  const registrations: { method: string; registerOptions?: { watchers?: { globPattern: string }[] } }[] = [];
  for (const method of ['workspace/codeLens/refresh', 'workspace/inlayHint/refresh']) rpc.onRequest(method, () => void refreshes.push({ method, at: Date.now() }));
  rpc.onRequest('client/registerCapability', (p: { registrations: typeof registrations }) => void registrations.push(...p.registrations));
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.listen();
  await rpc.sendRequest('initialize', {
    processId: process.pid, rootUri: null, workspaceFolders: null, initializationOptions: { diagnosticsDelayMs: 0 },
    capabilities: { workspace: { codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  void rpc.sendNotification('initialized', {});
  const stop = async () => {
    await Promise.race([rpc.sendRequest('shutdown', null), new Promise((res) => setTimeout(res, 2000))]);
    void rpc.sendNotification('exit', null);
    await new Promise((res) => (child.exitCode !== null ? res(null) : child.once('exit', res)));
    rpc.dispose();
  };
  return { rpc, refreshes, registrations, stop };
}

test('a client with refresh support gets CodeLens and inlay-hint refreshes at most once a second during a run, and one at the end', async () => {
  // A slower simulator of its own: 6 requests one at a time × 300 ms make a run of about two seconds.
  const slow = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')), latencyMs: 300 });
  const { rpc, refreshes, stop } = await rawClient();
  try {
    const text = recipe(slow.url, 3);
    const uri = ws.uri('nested/runs.recipe.yaml');
    void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'passk-recipe', version: 1, text } });
    const t0 = Date.now();
    const r = (await rpc.sendRequest('passk/run', { uri, kind: 'evaluate', entry: 'ev' })) as { completed: boolean };
    const t1 = Date.now();
    assert.equal(r.completed, true);
    assert.ok(t1 - t0 > 1500, 'the run took long enough to need live refreshes');
    const lens = refreshes.filter((x) => x.method === 'workspace/codeLens/refresh').map((x) => x.at);
    assert.equal(refreshes.filter((x) => x.method === 'workspace/inlayHint/refresh').length, lens.length);
    assert.ok(lens.length >= 2, `${lens.length} CodeLens refreshes`);
    assert.ok(lens.filter((at) => at < t1 - 100).length >= 1, 'at least one refresh while samples were still arriving');
    // Throttled: the server sends live refreshes at least a second apart (the final one may follow sooner); the
    // margin below allows for pipe and event-loop jitter on the receiving side only.
    const live = lens.slice(0, -1);
    for (let i = 1; i < live.length; i++) assert.ok(live[i]! - live[i - 1]! >= 970, `refreshes ${live[i]! - live[i - 1]!} ms apart`);
    assert.ok(lens.at(-1)! <= t1 + 50, 'the final refresh is sent before the run answers');
    assert.ok(lens.length <= Math.ceil((t1 - t0) / 1000) + 2, 'no more than one per second plus the final one');
  } finally {
    await stop();
    await slow.close();
  }
});

test('a run made outside the server (the CLI) shows up through the watched summary files', async () => {
  const { rpc, refreshes, registrations, stop } = await rawClient();
  try {
    const text = recipe(sim.url, 5);
    const file = ws.file('nested/runs.recipe.yaml');
    const uri = ws.uri('nested/runs.recipe.yaml');
    void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'passk-recipe', version: 1, text } });
    const titles = async () => ((await rpc.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[]).map((l) => l.command!.title);
    const current = (t: string) => t.startsWith('pass@1') && !t.includes('(stale');
    assert.ok(!(await titles()).some(current), 'no run of this version yet (older runs show as stale)');
    const watch = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watch?.registerOptions?.watchers?.map((w) => w.globPattern), ['**/.passk/eval/*/summary.json', '**/.passk/synth/*/synth-summary.json']);
    const doc = analyzeRecipe(text, { file, env: {} }).value;
    const run = (await runEvaluation(doc, 'ev', { env: {}, retryBaseMs: 2 })).value!;
    const before = refreshes.length;
    void rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(run.runDir, 'summary.json')), type: 1 }] });
    const deadline = Date.now() + 3000;
    while (refreshes.length === before && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    assert.ok(refreshes.length > before, 'the file event made the server ask for fresh CodeLens and hints');
    assert.ok((await titles()).some((t) => current(t) && t.includes('6×8')));
  } finally {
    await stop();
  }
});
