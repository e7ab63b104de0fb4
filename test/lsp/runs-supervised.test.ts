// Runs live in child processes of the language server (server/src/lsp/run-supervisor.ts): the server answers
// hovers while a run goes, survives a run process that is killed, and stops every run on shutdown. The server
// runs over real stdio, the run processes are the real CLI, the model is the simulator on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkDoneProgress, type Hover, type MarkupContent, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import type { RunResult } from '../../server/src/protocol/requests';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { startSimulator, type Simulator } from '../../server/src/sim/simulator';
import { dataDir } from '../helpers/paths';
import { boundKey, testSession } from '../helpers/session-keys';
import { LspClient, positionOf } from './harness';
import { makeWorkspace, type Workspace } from './workspace';

const SECRET = 'sk-passk-supervised-5e1d';
const dataset = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 12).join('\n') + '\n';

const recipe = (url: string) => `passk: 1
name: supervised
models:
  sim:
    baseUrl: ${url}
    model: passk-sim
    concurrency: 1
    maxRetries: 2
datasets:
  gsm:
    path: data/gsm.jsonl
    question: question
    answer: { field: answer, extract: gsm8k }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  long:
    model: sim
    dataset: gsm
    prompt: cot
    samples: 4
    k: [1, 4]
    temperature: 0.7
    seed: 3
`;

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

let sim: Simulator;
let ws: Workspace;
let text: string;
const session = testSession();
const recipeUri = () => ws.uri('supervised.recipe.yaml');

async function openClient(): Promise<LspClient> {
  const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: null, env: session.env });
  c.open(recipeUri(), text);
  await c.waitForDiagnostics(recipeUri());
  return c;
}

function run(c: LspClient, token: string): { progress: ProgressValue[]; result: Promise<RunResult> } {
  const progress: ProgressValue[] = [];
  c.rpc.onProgress(WorkDoneProgress.type, token, (v: ProgressValue) => void progress.push(v));
  const params = { uri: recipeUri(), kind: 'evaluate', entry: 'long', sealedKeys: session.seal(boundKey(sim.url, 'passk-sim', SECRET), 'passk/run'), workDoneToken: token };
  return { progress, result: c.rpc.sendRequest('passk/run', params) as Promise<RunResult> };
}

/** Process ids whose parent is `pid` (Linux /proc), so a test can find the server's run processes. */
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (the parent) follows the command name, which is in parentheses and may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === pid && cmdline.includes('cli.js')) kids.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return kids;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function hoverText(c: LspClient): Promise<string> {
  const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: recipeUri() }, position: positionOf(text, 'samples: 4', 0, 2) });
  return h ? (h.contents as MarkupContent).value : '';
}

before(async () => {
  sim = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')), apiKey: SECRET, latencyMs: 150, honourN: false });
  text = recipe(sim.url);
  ws = makeWorkspace({ 'supervised.recipe.yaml': text, 'data/gsm.jsonl': dataset });
});

after(async () => {
  await sim?.close();
  ws?.remove();
});

test('the run goes in a child process; hovers answer while it runs; a killed run process fails its request and the server carries on', async () => {
  const c = await openClient();
  try {
    const first = run(c, 'tok-a');
    await c.waitFor(() => (first.progress.some((p) => p.kind === 'report' && /^[1-9]\d*\/48/.test(p.message ?? '')) ? true : undefined), 15_000, 'first samples');
    const kids = childrenOf(c.child.pid!);
    assert.equal(kids.length, 1, 'one run process, a child of the server');
    // Hovers answer while samples are still coming in.
    for (let i = 0; i < 5; i++) assert.match(await hoverText(c), /samples/i);
    assert.ok(!first.progress.some((p) => p.kind === 'end'), 'the run was still going during the hovers');
    process.kill(kids[0]!, 'SIGKILL');
    await assert.rejects(first.result, /ended \(signal SIGKILL\) without a result/);
    assert.match(await hoverText(c), /samples/i, 'the server still answers');
    // The next run resumes from what the killed one stored and completes.
    const second = run(c, 'tok-b');
    const r = await second.result;
    assert.equal(r.completed, true);
    assert.equal(r.samples, 48);
    assert.ok(sim.stats.authorizations.every((h) => h === `Bearer ${SECRET}`));
    assert.ok(!c.stderr.includes(SECRET));
  } finally {
    await c.stop();
  }
});

test('shutdown stops every run process, which keeps the samples it stored', async () => {
  const c = await openClient();
  // The previous test completed the entry; another seed makes this a new run with work to do.
  c.change(recipeUri(), text.replace('seed: 3', 'seed: 4'));
  await c.waitForDiagnostics(recipeUri());
  const fresh = run(c, 'tok-d');
  fresh.result.catch(() => undefined);
  await c.waitFor(() => (fresh.progress.some((p) => p.kind === 'report' && /^[1-9]\d*\/48/.test(p.message ?? '')) ? true : undefined), 15_000, 'first samples');
  const kids = childrenOf(c.child.pid!);
  assert.ok(kids.length >= 1, 'a run process is going');
  await c.stop();
  const deadline = Date.now() + 8000;
  while (kids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(kids.filter(alive), [], 'no run process outlives the server');
});
