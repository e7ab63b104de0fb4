// Extension tests of runs from the editor against `passk sim`: the Run Evaluation command completes with
// progress and leaves results inline (CodeLens on the recipe, inlay hints and diagnostics on the dataset), the
// Cancel Run command stops a run, and the report and preview views open with server-rendered content.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LivePreviewResult, PreviewResult, ReportResult, RunResult } from '../../../server/src/protocol/requests';
import { openFile, passkApi, waitForDiagnostics, workspaceFile } from './helpers';
import { test } from './runner';
import { startSim, type Sim } from './sim';

const simPort = Number(process.env.PASSK_E2E_SIM_PORT || 18790);
let sim: Sim | undefined;

async function ensureSim(): Promise<void> {
  sim ??= await startSim(simPort, 300);
}

interface Api {
  onRunProgress: vscode.Event<{ entry: string; percentage?: number; message?: string }>;
}

const secret = 'sk-passk-e2e-SECRET-4242';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('Run Evaluation against passk sim completes with progress, and the stored API key is written nowhere', async () => {
  await ensureSim();
  const editor = await openFile('sim.recipe.yaml');
  assert.equal(await vscode.commands.executeCommand('passk.setApiKey', 'sim', secret), true);
  const api = (await passkApi()) as unknown as Api;
  const reports: number[] = [];
  const sub = api.onRunProgress((p) => reports.push(p.percentage ?? -1));
  try {
    const result = await vscode.commands.executeCommand<RunResult | undefined>('passk.runEvaluation', editor.document.uri.toString(), 'tiny-sim');
    assert.ok(result, 'the command returns the run result');
    assert.equal(result.completed, true, JSON.stringify(result.problems));
    assert.equal(result.samples, 4 * 8);
    assert.equal(result.expectedSamples, 4 * 8);
    for (const v of Object.values(result.passAtK)) assert.ok(v >= 0 && v <= 1);
    assert.ok(fs.existsSync(path.join(result.runDir, 'summary.json')));
    assert.equal(fs.readFileSync(path.join(result.runDir, 'samples.jsonl'), 'utf8').trim().split('\n').length, 32);
    assert.ok(reports.length > 0, 'progress was reported');
    const runs = path.dirname(path.dirname(result.runDir));
    const leaks = filesUnder(runs).filter((f) => fs.readFileSync(f, 'utf8').includes(secret));
    assert.deepEqual(leaks, [], 'files holding the API key');
  } finally {
    sub.dispose();
  }
}, 90_000);

test('after the run, the recipe has a CodeLens summary and the dataset has hints and diagnostics', async () => {
  const recipe = await openFile('sim.recipe.yaml');
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', recipe.document.uri, 100);
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.ok(titles.some((t) => /pass@1/.test(t)), `CodeLens titles: ${titles.join(' | ')}`);
  assert.ok(titles.some((t) => /Run/.test(t)), `CodeLens titles: ${titles.join(' | ')}`);
  const dataset = await openFile('data/tiny.jsonl');
  const doc = dataset.document;
  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
  const lines = new Set(hints.map((h) => h.position.line));
  assert.equal(lines.size, 4, 'one hint per problem line');
  const label = (h: vscode.InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
  assert.ok(hints.every((h) => /\d/.test(label(h))), `hint labels: ${hints.map(label).join(' | ')}`);
  const diags = await waitForDiagnostics(doc.uri, (d) => d.length >= 1);
  const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
  // A dataset is not a recipe: none of the recipe checks may run on it (they once produced 30 YAML errors).
  assert.deepEqual(diags.filter((d) => codeOf(d).startsWith('recipe/')).map(codeOf), []);
}, 60_000);

test('turning passk.inlayHints.enabled off removes the dataset hints, and on brings them back', async () => {
  const dataset = await openFile('data/tiny.jsonl');
  const doc = dataset.document;
  const hintCount = async () =>
    (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0))).length;
  const until = async (want: (n: number) => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      // The setting restarts the server; requests during the restart may fail, which counts as "not yet".
      const n = await hintCount().catch(() => -1);
      if (want(n)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`hints never became ${what}`);
  };
  // The setting restarts the language server; wait for the new client to run before judging, because while
  // no server is up the editor also shows no hints.
  const api = (await passkApi()) as unknown as { client(): { isRunning(): boolean } };
  const restarted = async (from: unknown) => {
    for (let i = 0; i < 100; i++) {
      const c = (() => {
        try {
          return api.client();
        } catch {
          return undefined;
        }
      })();
      if (c && c !== from && c.isRunning()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the language server did not restart after the setting changed');
  };
  const config = vscode.workspace.getConfiguration('passk');
  const first = api.client();
  await config.update('inlayHints.enabled', false, vscode.ConfigurationTarget.Workspace);
  try {
    await restarted(first);
    await until((n) => n === 0, 'none');
  } finally {
    const second = api.client();
    await config.update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await restarted(second);
  }
  await until((n) => n === 4, 'one per line again');
}, 60_000);

test('Cancel Run stops a running evaluation and keeps what was written', async () => {
  await ensureSim();
  const editor = await openFile('sim.recipe.yaml');
  const api = (await passkApi()) as unknown as Api;
  const started = new Promise<void>((resolve) => {
    const sub = api.onRunProgress(() => {
      sub.dispose();
      resolve();
    });
  });
  const run = vscode.commands.executeCommand<RunResult | undefined>('passk.runEvaluation', editor.document.uri.toString(), 'tiny-many');
  await started;
  const cancelled = await vscode.commands.executeCommand<boolean>('passk.cancelRun');
  assert.equal(cancelled, true);
  const result = await run;
  assert.ok(!result || result.completed === false, 'the run did not complete');
}, 90_000);

test('Show Report opens the report view with the pass@k chart', async () => {
  const editor = await openFile('sim.recipe.yaml');
  const result = await vscode.commands.executeCommand<ReportResult | undefined>('passk.openReport', editor.document.uri.toString(), 'tiny-sim');
  assert.ok(result?.view?.kind === 'report', `report problems: ${JSON.stringify(result?.problems)}`);
  assert.ok(result.view.report.curve.length > 0, 'the report has the whole curve');
  // The tab model reaches the extension host a moment after the panel is created.
  const hasTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.label === result.title);
  for (let i = 0; i < 50 && !hasTab(); i++) await new Promise((r) => setTimeout(r, 100));
  const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
  assert.ok(hasTab(), `tabs: ${labels.join(', ')}`);
}, 30_000);

test('Preview Problems renders the prompts of the first problems', async () => {
  const editor = await openFile('sim.recipe.yaml');
  const result = await vscode.commands.executeCommand<PreviewResult | undefined>('passk.previewProblems', editor.document.uri.toString(), 'tiny-sim');
  assert.ok(result && result.items.length >= 1, JSON.stringify(result));
  assert.match(result.items[0]!.messages.at(-1)!.content, /Tom has 3 apples/);
  assert.ok(workspaceFile('sim.recipe.yaml'));
}, 30_000);

test('Live Preview runs the synthesis pipeline on a seed and shows the server-rendered result', async () => {
  await ensureSim();
  const editor = await openFile('sim.recipe.yaml');
  const result = await vscode.commands.executeCommand<LivePreviewResult | undefined>('passk.previewLive', editor.document.uri.toString(), 'tiny-synth');
  assert.ok(result, 'the command returns the live preview');
  assert.deepEqual(result.problems, []);
  assert.ok(result.view?.kind === 'livePreview', 'the preview is view data');
  assert.ok(result.view.live.candidates.some((c) => /Tom has 3 apples|A box holds 6 eggs/.test(c.seedQuestion.text)), 'the seed question is shown');
  const hasTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.label === result.title);
  for (let i = 0; i < 50 && !hasTab(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(hasTab(), 'the preview panel shows it');
}, 60_000);

test('the simulator stops', async () => {
  sim?.stop();
  sim = undefined;
});
