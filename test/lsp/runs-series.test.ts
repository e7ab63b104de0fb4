// ▶ Run on an evaluation with a `series` (docs/recipe-format.md): the editor's run is one child process of the
// real CLI that runs every checkpoint in turn, its progress names the checkpoint, a cancel stops the whole series
// and keeps the samples stored, and afterwards the report and the CodeLens of the entry show the series. The
// server runs over real stdio, the models are simulator students of growing skill on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, WorkDoneProgress, type CodeLens, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import type { ReportResult, RunResult } from '../../server/src/protocol/requests';
import { renderView } from '../../server/src/report/render-view';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { startSimulator, type Simulator } from '../../server/src/sim/simulator';
import { dataDir } from '../helpers/paths';
import { boundKey, testSession } from '../helpers/session-keys';
import { LspClient } from './harness';
import { makeWorkspace, type Workspace } from './workspace';

const SECRET = 'sk-passk-series-77ab';
const SKILLS = [0.3, 1, 3];
const VALUES = [1000, 10000, 100000];
const PROBLEMS = 6;
const SAMPLES = 4;
/** Samples per checkpoint, and of the whole series. */
const PER = PROBLEMS * SAMPLES;
const ALL = PER * SKILLS.length;
const dataset = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, PROBLEMS).join('\n') + '\n';

const recipe = (url: string, seed: number) => `passk: 1
models:
${SKILLS.map((s, i) => `  ck${i}: { baseUrl: "${url}", model: passk-sim@${s}, concurrency: 2, maxRetries: 2 }`).join('\n')}
datasets:
  gsm: { path: data/gsm.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  scaling:
    dataset: gsm
    prompt: cot
    samples: ${SAMPLES}
    k: [1, ${SAMPLES}]
    temperature: 0.7
    seed: ${seed}
    series:
      label: SFT problems
      models:
${SKILLS.map((_, i) => `        - { model: ck${i}, value: ${VALUES[i]} }`).join('\n')}
`;

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

let sim: Simulator;
let ws: Workspace;
let client: LspClient;
const session = testSession();
const recipeUri = () => ws.uri('series.recipe.yaml');

function run(token: string, cancel?: CancellationTokenSource): { progress: ProgressValue[]; result: Promise<RunResult> } {
  const progress: ProgressValue[] = [];
  client.rpc.onProgress(WorkDoneProgress.type, token, (v: ProgressValue) => void progress.push(v));
  // Each checkpoint is its own model id, so each has its own binding; every one must reach its requests.
  const keys = Object.assign({}, ...SKILLS.map((s) => boundKey(sim.url, `passk-sim@${s}`, SECRET))) as Record<string, string>;
  const params = { uri: recipeUri(), kind: 'evaluate', entry: 'scaling', sealedKeys: session.seal(keys, 'passk/run'), workDoneToken: token };
  const result = (cancel ? client.rpc.sendRequest('passk/run', params, cancel.token) : client.rpc.sendRequest('passk/run', params)) as Promise<RunResult>;
  return { progress, result };
}

const messages = (progress: ProgressValue[]) => progress.flatMap((p) => (p.kind === 'report' && p.message ? [p.message] : []));
const runFolders = () => fs.readdirSync(path.join(ws.dir, '.passk', 'eval')).sort();

before(async () => {
  sim = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')), apiKey: SECRET, latencyMs: 60, honourN: false });
  const text = recipe(sim.url, 3);
  ws = makeWorkspace({ 'series.recipe.yaml': text, 'data/gsm.jsonl': dataset });
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: null, env: session.env });
  client.open(recipeUri(), text);
  await client.waitForDiagnostics(recipeUri());
});

after(async () => {
  await client?.stop();
  await sim?.close();
  ws?.remove();
});

test('▶ Run on a series runs every checkpoint with progress naming it; the report and CodeLens then show the series', async () => {
  const none = await client.request<ReportResult>('passk/report', { uri: recipeUri(), entry: 'scaling' });
  assert.equal(none.view, undefined, 'no checkpoint has a run yet');
  const { progress, result } = run('tok-series');
  const r = await result;
  assert.deepEqual(r.problems, []);
  assert.equal(r.completed, true);
  assert.equal(r.samples, ALL);
  assert.equal(r.expectedSamples, ALL);
  assert.equal(r.runDir, '', 'no single run folder stands for the series');
  // Progress names each checkpoint in turn and grows over the whole series.
  const seen = messages(progress);
  for (const [i] of SKILLS.entries()) assert.ok(seen.some((m) => m.startsWith(`ck${i} (${i + 1}/3): `)), `progress of ck${i}: ${seen.join(' | ')}`);
  const percents = progress.flatMap((p) => (p.kind === 'report' && p.percentage !== undefined ? [p.percentage] : []));
  assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'the percentage never goes back between checkpoints');
  assert.ok(progress.some((p) => p.kind === 'end' && p.message === `${ALL}/${ALL} samples`));
  assert.equal(runFolders().length, 3, 'one run folder per checkpoint');
  assert.ok(sim.stats.authorizations.every((h) => h === `Bearer ${SECRET}`), 'every checkpoint got its key');
  assert.ok(!client.stderr.includes(SECRET));

  const rep = await client.request<ReportResult>('passk/report', { uri: recipeUri(), entry: 'scaling' });
  assert.deepEqual(rep.problems, []);
  assert.ok(rep.view?.kind === 'series', `a series view, not ${rep.view?.kind}`);
  const d = rep.view.series;
  assert.equal(d.label, 'SFT problems');
  assert.deepEqual(d.points.map((p) => [p.model, p.value, p.problems, p.complete, p.current]), SKILLS.map((_, i) => [`ck${i}`, VALUES[i], PROBLEMS, true, true]));
  const pass1 = d.points.map((p) => p.pass1!.passAtK!);
  assert.ok(pass1[0]! < pass1[2]!, `skill shows: ${pass1.join(' < ')}`);
  // The editor renders it with the shared renderer: the chart and the table `passk report --html` draws.
  const page = renderView(rep.view);
  assert.ok(page.body.toString().includes(`aria-label="pass@1, pass@${SAMPLES} and maj@${SAMPLES} against SFT problems"`));
  assert.equal((page.body.toString().match(/<circle /g) ?? []).length, 9, 'three lines of three points');

  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: recipeUri() } });
  const titles = lenses.map((l) => l.command?.title ?? '');
  const lens = titles.find((t) => t.startsWith('series by SFT problems: pass@1 '));
  assert.ok(lens, titles.join(' | '));
  assert.match(lens, / → /);
  assert.match(lens, /3\/3 checkpoints run$/);
});

test('cancel stops the whole series after the running checkpoint, keeps its samples, and a rerun requests only the rest', async () => {
  // Another seed makes every checkpoint a new run with all its work still to do.
  const text = recipe(sim.url, 4);
  client.change(recipeUri(), text);
  await client.waitForDiagnostics(recipeUri());
  const folders = runFolders();
  const cancel = new CancellationTokenSource();
  const { progress, result } = run('tok-cancel', cancel);
  await client.waitFor(() => (messages(progress).some((m) => /^ck0 \(1\/3\): [1-9]\d*\//.test(m)) ? true : undefined), 15_000, 'first samples of ck0');
  const requestsBefore = sim.stats.completionRequests;
  cancel.cancel();
  const r = await result;
  assert.equal(r.completed, false);
  assert.ok(r.samples > 0 && r.samples < PER, `${r.samples} samples kept of the first checkpoint`);
  assert.equal(r.expectedSamples, ALL);
  assert.ok(r.problems.some((m) => /cancelled/.test(m)), r.problems.join(' '));
  assert.ok(sim.stats.completionRequests - requestsBefore <= 2, 'no new requests after the cancel (at most those in flight)');
  assert.ok(!messages(progress).some((m) => m.startsWith('ck1 ')), 'the next checkpoint never started');
  assert.equal(runFolders().length, folders.length + 1, 'only the first checkpoint has a new run folder');

  const kept = r.samples;
  const served = sim.stats.choicesServed;
  const again = await run('tok-again').result;
  assert.equal(again.completed, true);
  assert.equal(again.samples, ALL);
  assert.equal(sim.stats.choicesServed - served, ALL - kept, 'the rerun asked only for the missing samples');
});
