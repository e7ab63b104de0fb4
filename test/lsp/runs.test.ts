// Runs and their results over real stdio: `passk/run` against the simulator on 127.0.0.1 with work-done
// progress, live and final dataset diagnostics, CodeLens summaries, inlay hints at exact line ends, the answer
// hover, `expect` warnings, the report and preview requests, cancel and resume, workspace trust, and a scan
// of every byte the server sent for the API key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { WorkDoneProgress, type CodeLens, type Diagnostic, type Hover, type InlayHint, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { startSimulator, type Simulator } from '../../server/src/sim/simulator';
import type { CompareResult, CompareWithResult, DatasetResultsResult, PreviewResult, ProblemResult, ReportResult, RunResult } from '../../server/src/protocol/requests';
import { renderView } from '../../server/src/report/render-view';
import type { RunSummary } from '../../server/src/runs/run-summary';
import { dataDir } from '../helpers/paths';
import { boundKey, testSession } from '../helpers/session-keys';
import { fileUri, LspClient, messageText, rangeOf } from './harness';
import { makeWorkspace, type Workspace } from './workspace';

const SECRET = 'sk-passk-test-7f3a9c1e5b';
const ROWS = 8;
const gsmLines = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean);
/** Eight GSM8K problems, then one whose answer has no "####" so its gold cannot be extracted. */
const dataset = [...gsmLines.slice(0, ROWS), JSON.stringify({ question: JSON.parse(gsmLines[ROWS]!).question, answer: 'no final answer marker here' })].join('\n') + '\n';

const recipe = (url: string) => `passk: 1
name: runs
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
  main:
    model: sim
    dataset: gsm
    prompt: cot
    samples: 16
    k: [1, 4, 16]
    temperature: 0.7
    seed: 7
    expect: { pass@1: 0.99 }
  resumable:
    model: sim
    dataset: gsm
    prompt: cot
    samples: 16
    k: [1, 16]
    temperature: 0.7
    seed: 8
`;

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

let sim: Simulator;
let ws: Workspace;
let client: LspClient;
let text: string;
/** Every byte the server wrote to stdout, for the key scan. */
let wire = '';
/** The session key the server gets in its environment; the run requests' keys are sealed under it. */
const session = testSession();

const recipeUri = () => ws.uri('runs.recipe.yaml');
const dataUri = () => ws.uri('data/gsm.jsonl');
const runCodes = (d: Diagnostic[]) => d.filter((x) => String(x.code).startsWith('run/'));

async function startClient(initializationOptions: Record<string, unknown>): Promise<LspClient> {
  const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0, ...initializationOptions }, rootUri: null, env: session.env });
  c.child.stdout.on('data', (b: Buffer) => (wire += b.toString()));
  return c;
}

function run(c: LspClient, entry: string, token: string, cancel?: CancellationTokenSource): { progress: ProgressValue[]; result: Promise<RunResult> } {
  const progress: ProgressValue[] = [];
  c.rpc.onProgress(WorkDoneProgress.type, token, (v: ProgressValue) => void progress.push(v));
  const params = { uri: recipeUri(), kind: 'evaluate', entry, sealedKeys: session.seal(boundKey(sim.url, 'passk-sim', SECRET), 'passk/run'), workDoneToken: token };
  const result = (cancel ? c.rpc.sendRequest('passk/run', params, cancel.token) : c.rpc.sendRequest('passk/run', params)) as Promise<RunResult>;
  return { progress, result };
}

before(async () => {
  sim = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')), apiKey: SECRET, latencyMs: 250 });
  text = recipe(sim.url);
  ws = makeWorkspace({ 'runs.recipe.yaml': text, 'data/gsm.jsonl': dataset });
  client = await startClient({});
  client.open(recipeUri(), text);
  client.open(dataUri(), dataset, 'jsonl');
  await client.waitForDiagnostics(recipeUri());
});

after(async () => {
  await client?.stop();
  await sim?.close();
  ws?.remove();
});

let summary: RunSummary;
/** The folder of the first run of "main", the baseline of the comparison test. */
let mainRunDir: string;

test('passk/run reports progress begin/report/end, refreshes dataset diagnostics while running, and returns the figures', async () => {
  const publishedBefore = client.published.length;
  const { progress, result } = run(client, 'main', 'tok-main');
  const r = await result;
  const publishedAtEnd = client.published.length;
  assert.equal(r.completed, true, r.problems.join(' '));
  assert.equal(r.samples, 9 * 16);
  assert.equal(r.expectedSamples, 9 * 16);
  assert.ok(r.passAtK['1']! > 0 && r.passAtK['1']! <= r.passAtK['16']!);
  assert.equal(progress[0]?.kind, 'begin');
  assert.ok(progress.some((p) => p.kind === 'report' && typeof p.percentage === 'number' && /^\d+\/144 samples$/.test(p.message ?? '')));
  await client.waitFor(() => (progress.at(-1)?.kind === 'end' ? true : undefined), 2000, 'progress end');
  summary = JSON.parse(fs.readFileSync(path.join(r.runDir, 'summary.json'), 'utf8')) as RunSummary;
  mainRunDir = r.runDir;
  // Live: a dataset diagnostics set with run results was published before the request answered, while
  // samples were still arriving (the run takes over two seconds: 9 requests of 250 ms, one at a time).
  const live = client.published.slice(publishedBefore, publishedAtEnd).filter((p) => p.uri === dataUri() && runCodes(p.diagnostics).length > 0);
  assert.ok(live.length >= 1, 'dataset diagnostics refreshed during the run');
});

test('dataset diagnostics: codes, severities and whole-line ranges match the run summary', async () => {
  const lines = dataset.split('\n');
  // By default only actionable findings are warnings or errors; unstable problems are hints (severity 4), and
  // one information diagnostic on the first line counts each kind.
  const expected: [number, string, number][] = [[0, 'run/summary', 3]];
  for (const p of summary.perProblem) {
    if (p.gold === '') expected.push([p.line, 'run/gold-not-extractable', 1]);
    else if (p.correct === 0) expected.push([p.line, 'run/never-solved', 2]);
    else if (p.correct / p.n < 0.5) expected.push([p.line, 'run/unstable', 4]);
  }
  assert.ok(expected.some((e) => e[1] === 'run/gold-not-extractable' && e[0] === ROWS));
  const final = await client.waitForDiagnostics(dataUri(), (p) => runCodes(p.diagnostics).length === expected.length);
  const got = runCodes(final.diagnostics).map((d) => [d.range.start.line, String(d.code), d.severity] as [number, string, number]);
  const order = (a: [number, string, number], b: [number, string, number]) => a[0] - b[0] || a[1].localeCompare(b[1]);
  assert.deepEqual(got.sort(order), expected.sort(order));
  const count = (code: string) => expected.filter((e) => e[1] === code).length;
  assert.match(messageText(runCodes(final.diagnostics).find((d) => d.code === 'run/summary')!), new RegExp(`^Run of "main" \\(pass@1 \\d\\.\\d\\d\\): ${count('run/gold-not-extractable')} gold answers? not extractable, ${count('run/never-solved')} never solved, ${count('run/unstable')} unstable\\.$`));
  for (const d of runCodes(final.diagnostics)) {
    assert.deepEqual(d.range, { start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line, character: lines[d.range.start.line]!.length } });
  }
});

test('inlay hints sit at the start of each problem line with the problem\'s pass@1, every figure in the tooltip', async () => {
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: dataUri() }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
  assert.equal(hints.length, 9);
  for (const p of summary.perProblem) {
    const h = hints.find((x) => x.position.line === p.line)!;
    assert.deepEqual(h.position, { line: p.line, character: 0 });
    const p1 = (p.correct / p.n).toFixed(2).replace('.', '\\.');
    assert.equal(h.label, `${(p.correct / p.n).toFixed(2)}│`);
    assert.match(String(h.tooltip), new RegExp(`^pass@1 ${p1} · pass@16 \\d\\.\\d\\d · maj \\d\\.\\d\\d`));
  }
  const some = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: dataUri() }, range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } } });
  assert.deepEqual(some.map((h) => h.position.line), [2, 3]);
});

test('the hover on a dataset line shows the answer histogram with the gold marked ✓ and sample excerpts', async () => {
  const p = summary.perProblem.find((x) => x.correct > 0 && x.correct < x.n) ?? summary.perProblem.find((x) => x.correct > 0)!;
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: dataUri() }, position: { line: p.line, character: 3 } });
  const md = (hover.contents as { value: string }).value;
  assert.ok(md.includes(`Gold answer: \`${p.gold}\` ✓`), md);
  assert.ok(md.includes(`${p.correct} of ${p.n} samples correct`));
  const goldRow = md.split('\n').find((l) => l.startsWith('| ✓ |'));
  assert.ok(goldRow?.includes(` ${p.answers.find((a) => a.correct)!.count} `), 'the gold answer row has its count');
  assert.match(md, /Sample \d+ [✓✗] \(answer /);
  assert.equal(hover.range?.start.line, p.line);
});

test('CodeLens: run, preview, report and the run summary on the entry key; an expect warning on the recipe', async () => {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: recipeUri() } });
  const key = rangeOf(text, 'main:');
  const onMain = lenses.filter((l) => l.range.start.line === key.start.line);
  assert.deepEqual(onMain.slice(0, 3).map((l) => [l.command?.title, l.command?.command]), [
    ['▶ Run', 'passk.runEvaluation'],
    ['Preview', 'passk.previewProblems'],
    ['Report', 'passk.openReport'],
  ]);
  assert.deepEqual(onMain[0]!.command?.arguments, [recipeUri(), 'main']);
  const pct = (v: number | null | undefined) => `${((v ?? NaN) * 100).toFixed(1)}%`;
  const title = onMain[3]!.command!.title;
  assert.ok(title.startsWith(`pass@1 ${pct(summary.passAtK['1'])} ± `), title);
  assert.ok(title.endsWith(` · pass@16 ${pct(summary.passAtK['16'])} · maj@16 ${pct(summary.majAtK['16'])} · 9×16 · just now`), title);
  // The provenance of the figures is in the summary lens's tooltip (docs/runs.md).
  const tooltip = (onMain[3]!.command as { tooltip?: string }).tooltip ?? '';
  assert.ok(tooltip.startsWith(`run ${summary.runDir.split(/[\\/]/).pop()} · recipe `) && / at http:\/\/127\.0\.0\.1:\d+ · dataset \S+ sha256 [0-9a-f]{12} · gold \S+ · grader \S+$/.test(tooltip), tooltip);
  assert.deepEqual(onMain[0]!.range, { start: key.start, end: { line: key.start.line, character: key.start.character + 4 } });
  await client.waitForDiagnostics(recipeUri(), (p) => runCodes(p.diagnostics).length > 0);
  const latest = [...client.published].reverse().find((p) => p.uri === recipeUri())!;
  const w = runCodes(latest.diagnostics);
  assert.deepEqual(w.map((d) => [d.code, d.severity, d.range.start.line]), [['run/below-expectation', 2, key.start.line]]);
  assert.match(messageText(w[0]!), /^The latest run of "main" reached pass@1 \d+\.\d%, below the expected 99\.0%\.$/);
});

test('passk/report answers the latest run as view data with whole curves; passk/problem and passk/compare too; passk/preview renders prompts', async () => {
  const rep = await client.request<ReportResult>('passk/report', { uri: recipeUri(), entry: 'main' });
  assert.equal(rep.title, 'passk report — main');
  assert.equal(rep.runDir, summary.runDir);
  assert.equal(rep.entry, 'main');
  const view = rep.view!;
  assert.equal(view.kind, 'report');
  assert.deepEqual(view.report.figures.map((f) => f.passAtK), Object.values(summary.passAtK));
  // The whole curve has every k from 1 to the run's samples per problem, and agrees with the summary at its k.
  assert.deepEqual(view.report.curve.map((f) => f.k), Array.from({ length: summary.samplesPerProblem }, (_, i) => i + 1));
  for (const f of view.report.figures) assert.ok(Math.abs(view.report.curve[f.k - 1]!.passAtK! - f.passAtK!) < 1e-12);
  const page = renderView(view);
  assert.match(page.body.toString(), /<svg/);
  assert.doesNotMatch(page.body.toString(), /<script|<html|<body/i);
  const byDir = await client.request<ReportResult>('passk/report', { runDir: summary.runDir });
  assert.deepEqual(byDir.view, rep.view);
  const first = summary.perProblem[0]!;
  const prob = await client.request<ProblemResult>('passk/problem', { uri: recipeUri(), entry: 'main', problem: first.problem });
  assert.deepEqual(prob.problems, []);
  const bp = prob.view!.problem.problems[0]!;
  assert.equal(bp.id, first.problem);
  assert.equal(bp.n, first.n);
  assert.equal(bp.correct, first.correct);
  assert.ok(bp.question && bp.question.length > 10, 'the question comes from the recipe\'s dataset');
  assert.equal(bp.samples.length, first.n);
  const cmp = await client.request<CompareResult>('passk/compare', { runDirs: [summary.runDir, summary.runDir], labels: ['a', 'b'] });
  assert.deepEqual(cmp.view!.compare.runs.map((r) => r.label), ['a', 'b']);
  assert.ok(cmp.view!.compare.pairs.every((p) => p.diff === 0));
  const one = await client.request<CompareResult>('passk/compare', { runDirs: [summary.runDir] });
  assert.equal(one.view, undefined);
  assert.match(one.problems[0]!, /at least two runs/);
  const none = await client.request<ReportResult>('passk/report', { uri: recipeUri(), entry: 'resumable' });
  assert.equal(none.view, undefined);
  assert.match(none.problems[0]!, /"resumable" has no run yet/);
  const prev = await client.request<PreviewResult>('passk/preview', { uri: recipeUri(), entry: 'main', limit: 2 });
  assert.equal(prev.entry, 'main');
  assert.equal(prev.items.length, 2);
  assert.ok(prev.items[0]!.messages.some((m) => m.role === 'user' && m.content.startsWith('Janet')));
});

test('cancel stops a run within a second, keeps its samples, and a rerun requests only the rest', async () => {
  const cancel = new CancellationTokenSource();
  const { progress, result } = run(client, 'resumable', 'tok-cancel', cancel);
  await client.waitFor(() => (progress.some((p) => p.kind === 'report' && /^([1-9]\d*)\/144/.test(p.message ?? '')) ? true : undefined), 10_000, 'first samples');
  const requestsBefore = sim.stats.completionRequests;
  const t0 = Date.now();
  cancel.cancel();
  const r = await result;
  const stopMs = Date.now() - t0;
  assert.ok(stopMs < 1000, `stopped after ${stopMs} ms`);
  assert.equal(r.completed, false);
  assert.ok(r.samples > 0 && r.samples < 144, `${r.samples} samples kept`);
  assert.ok(r.problems.some((m) => /cancelled/.test(m)));
  const kept = r.samples;
  assert.ok(sim.stats.completionRequests - requestsBefore <= 2, 'no new requests after the cancel');
  const before = sim.stats.choicesServed;
  const again = await run(client, 'resumable', 'tok-rerun').result;
  assert.equal(again.completed, true);
  assert.equal(again.samples, 144);
  assert.equal(sim.stats.choicesServed - before, 144 - kept, 'the rerun asked only for the missing samples');
});

test('results view and baseline: rows sorted by pass@1; comparing with the first run shows changes and regressions', async () => {
  // The dataset now shows the newest run, "resumable" (another seed); "main" becomes its baseline.
  const resumable = (await client.request<DatasetResultsResult>('passk/datasetResults', { uri: dataUri() }));
  assert.equal(resumable.entry, 'resumable');
  assert.equal(resumable.baseline, undefined);
  assert.equal(resumable.rows.length, 9);
  const p1s = resumable.rows.map((r) => r.passAt1);
  assert.deepEqual(p1s, [...p1s].sort((a, b) => a - b));
  assert.ok(resumable.rows.every((r) => Math.abs(r.passAt1 - r.correct / r.n) < 1e-9 && dataset.split('\n')[r.line]!.length > 0));

  const bad = await client.request<CompareWithResult>('passk/compareWith', { run: path.join(ws.dir, 'data') });
  assert.ok(bad.problems.length > 0 && bad.run === undefined, 'a folder that is not a run is refused with a reason');
  const set = await client.request<CompareWithResult>('passk/compareWith', { run: fileUri(mainRunDir) });
  assert.deepEqual(set, { run: path.basename(mainRunDir), entry: 'main', problems: [] });
  const compared = await client.request<DatasetResultsResult>('passk/datasetResults', { uri: dataUri() });
  assert.equal(compared.baseline, path.basename(mainRunDir));
  const before = new Map(summary.perProblem.map((p) => [p.problem, p.correct / p.n]));
  const regressed: number[] = [];
  for (const row of compared.rows) {
    const delta = row.passAt1 - before.get(row.problem)!;
    assert.ok(Math.abs(row.delta! - delta) < 1e-9, `delta of ${row.problem}`);
    assert.equal(row.flags.includes('regressed'), -delta >= 0.2, `regression flag of ${row.problem}`);
    if (-delta >= 0.2) regressed.push(row.line);
  }
  assert.ok(compared.rows.some((r) => Math.abs(r.delta!) >= 0.005), 'another seed changes some problem\'s pass@1');
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: dataUri() }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
  for (const row of compared.rows) {
    const label = String(hints.find((h) => h.position.line === row.line)!.label);
    const d = row.delta!;
    assert.equal(label, `${row.passAt1.toFixed(2)}${Math.abs(d) < 0.005 ? '' : ` ${d < 0 ? '▼' : '▲'}${Math.abs(d).toFixed(2)}`}│`);
  }
  const diags = await client.waitForDiagnostics(dataUri(), (p) => p.diagnostics.some((d) => d.code === 'run/summary' && /against the baseline run/.test(messageText(d))));
  assert.deepEqual(diags.diagnostics.filter((d) => d.code === 'run/regressed').map((d) => d.range.start.line).sort((a, b) => a - b), regressed.sort((a, b) => a - b));
  assert.match(messageText(diags.diagnostics.find((d) => d.code === 'run/summary')!), new RegExp(` ${regressed.length} regressed against the baseline run "${path.basename(mainRunDir)}"\\.$`));

  // Clearing the baseline removes the changes and the regressions.
  assert.deepEqual(await client.request<CompareWithResult>('passk/compareWith', { run: null }), { problems: [] });
  const cleared = await client.waitForDiagnostics(dataUri(), (p) => p.diagnostics.some((d) => d.code === 'run/summary' && !/baseline/.test(messageText(d))));
  assert.ok(!cleared.diagnostics.some((d) => d.code === 'run/regressed'));
  assert.ok((await client.request<DatasetResultsResult>('passk/datasetResults', { uri: dataUri() })).rows.every((r) => r.delta === undefined));
});

test('untrusted workspace: the run is refused with a clear error and the simulator sees no request; trust enables it', async () => {
  const c = await startClient({ workspaceTrusted: false, inlayHints: false });
  try {
    c.open(recipeUri(), text);
    c.open(dataUri(), dataset, 'jsonl');
    await c.waitForDiagnostics(recipeUri());
    const before = sim.stats.completionRequests;
    await assert.rejects(run(c, 'main', 'tok-untrusted').result, /untrusted workspace/);
    assert.equal(sim.stats.completionRequests, before);
    // Reading results needs no trust; the inlayHints setting turned hints off.
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: dataUri() }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
    assert.deepEqual(hints, []);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: recipeUri() } });
    assert.ok(lenses.some((l) => l.command?.title.startsWith('pass@1 ')));
    c.notify('passk/workspaceTrust', { trusted: true });
    const r = await run(c, 'main', 'tok-trusted').result;
    assert.equal(r.completed, true);
    assert.equal(sim.stats.completionRequests, before, 'the finished run needed no new samples');
  } finally {
    await c.stop();
  }
});

test('editing the recipe: a description keeps the run current, a prompt change marks it stale, reverting restores it', async () => {
  const summaryTitle = async () => (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: recipeUri() } })).map((l) => l.command!.title).find((t) => t.startsWith('pass@1') && / · 9×16 · /.test(t))!;
  client.change(recipeUri(), text.replace('name: runs', 'name: runs\ndescription: a note that changes no run input'));
  assert.doesNotMatch(await summaryTitle(), /stale/);
  client.change(recipeUri(), text.replace("In the end, write", "Finally, write"));
  assert.match(await summaryTitle(), / \(stale: recipe changed\)$/);
  client.change(recipeUri(), text);
  assert.doesNotMatch(await summaryTitle(), /stale/);
});

test('the API key never appears in anything the server sent, while the simulator did receive it', () => {
  assert.ok(wire.length > 10_000, 'the scan covered the whole conversation');
  assert.ok(!wire.includes(SECRET), 'key found in server output');
  assert.ok(!client.stderr.includes(SECRET));
  assert.ok(sim.stats.authorizations.includes(`Bearer ${SECRET}`));
});
