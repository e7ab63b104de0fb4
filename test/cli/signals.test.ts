// SIGTERM stops the CLI within a second in every long phase: waiting on a slow model (eval), a synthesis with
// requests in flight, and grading plus summarising a big samples file (score). Each stop is graceful (the
// command's own exit path, not the watchdog), exits 130, and loses nothing: a rerun completes the work.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir, repoRoot } from '../helpers/paths';
import { runCli, sampleLines, simProcess, simRecipe, type CliResult } from './eval-cli-helpers';

/** Generous for a loaded 2-core machine; the promise is one second and the measured times are reported. */
const BOUND_MS = 3000;

/** Runs the CLI, sends SIGTERM once `ready()` holds, and returns the result with the time from signal to exit. */
async function terminateWhen(args: string[], ready: () => boolean, opts: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult & { stopMs: number }> {
  let sentAt = 0;
  const r = await runCli(args, {
    ...opts,
    onSpawn: (child: ChildProcess) => {
      const timer = setInterval(() => {
        if (!ready()) return;
        clearInterval(timer);
        sentAt = Date.now();
        child.kill('SIGTERM');
      }, 10);
      child.on('close', () => clearInterval(timer));
    },
  });
  assert.ok(sentAt > 0, `the command ended before it was signalled: ${r.stderr}`);
  return { ...r, stopMs: Date.now() - sentAt };
}

function assertGracefulStop(t: TestContext, r: CliResult & { stopMs: number }, what: string): void {
  t.diagnostic(`${what}: exited ${r.stopMs} ms after SIGTERM`);
  assert.equal(r.code, 130, r.stderr);
  assert.ok(r.stopMs < BOUND_MS, `${what} exited ${r.stopMs} ms after SIGTERM`);
  assert.doesNotMatch(r.stderr, /still stopping/, 'the command stopped by itself, not by the watchdog');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('eval waiting on a slow model stops within a second of SIGTERM; the rerun completes without duplicates', async (t) => {
  const problems = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
  const slow = await simProcess(['--dataset', path.join(dataDir, 'gsm8k', 'test.jsonl'), '--latency-ms', '1500', '--ignore-n']);
  const { recipe, dir } = simRecipe(slow.url, { rows: 20, samples: 8, concurrency: 4 });
  // The rerun goes to another server of the same simulated model; the recipe says so, or it would get new samples.
  fs.writeFileSync(recipe, fs.readFileSync(recipe, 'utf8').replace('    model: passk-sim\n', '    model: passk-sim\n    identity: passk-sim-pool\n'));
  let stopped: CliResult & { stopMs: number };
  try {
    const started = Date.now();
    stopped = await terminateWhen(['eval', recipe, '--json'], () => sampleLines(dir).length >= 8 || Date.now() - started > 8000);
  } finally {
    await slow.close();
  }
  assertGracefulStop(t, stopped, 'eval');
  const partial = JSON.parse(stopped.stdout) as { samples: number; complete: boolean };
  assert.equal(partial.complete, false);
  assert.equal(partial.samples, sampleLines(dir).length);
  const fast = await startSimulator({ problems });
  try {
    // The recipe's baseUrl names the slow server's port; point it at the fast one.
    fs.writeFileSync(recipe, fs.readFileSync(recipe, 'utf8').replace(slow.url, fast.url));
    const resumed = await runCli(['eval', recipe, '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const lines = sampleLines(dir).map((l) => JSON.parse(l) as { problem: string; index: number });
    assert.equal(new Set(lines.map((l) => `${l.problem}#${l.index}`)).size, 160);
  } finally {
    await fast.close();
  }
});

test('synth with requests in flight stops within a second of SIGTERM; the rerun finishes the entry', async (t) => {
  const datasets = ['test', 'train'].flatMap((f) => ['--dataset', path.join(dataDir, 'gsm8k', `${f}.jsonl`)]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-synth-signal-'));
  const recipe = path.join(dir, 'synth.recipe.yaml');
  // The rerun asks another simulator process (another port); the example's model declares an `identity`, which
  // says both serve one model: without it, another server is another endpoint with a journal of its own
  // (docs/runs.md).
  const text = fs.readFileSync(path.join(repoRoot, 'examples', 'sim-gsm8k.recipe.yaml'), 'utf8').replaceAll('../data/', `${dataDir}/`);
  assert.match(text, /\n {4}identity: /, 'the example recipe declares its model identity');
  fs.writeFileSync(recipe, text);
  const slow = await simProcess([...datasets, '--latency-ms', '400']);
  const journal = () => {
    const root = path.join(dir, '.passk', 'synth');
    if (!fs.existsSync(root)) return 0;
    return fs.readdirSync(root).reduce((n, run) => {
      const f = path.join(root, run, 'candidates.jsonl');
      return n + (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).length : 0);
    }, 0);
  };
  let stopped: CliResult & { stopMs: number };
  try {
    const started = Date.now();
    stopped = await terminateWhen(['synth', recipe, '--limit', '6'], () => journal() >= 1 || Date.now() - started > 10_000, { env: { PASSK_SIM_URL: slow.url } });
  } finally {
    await slow.close();
  }
  assertGracefulStop(t, stopped, 'synth');
  const kept = journal();
  const fast = await simProcess(datasets);
  try {
    const resumed = await runCli(['synth', recipe, '-n', '6', '--json'], { env: { PASSK_SIM_URL: fast.url } });
    assert.equal(resumed.code, 0, resumed.stderr);
    const s = JSON.parse(resumed.stdout) as { candidates: number };
    assert.equal(s.candidates, 12);
    assert.ok(journal() >= kept && journal() === 12, `journal ${kept} → ${journal()}`);
  } finally {
    await fast.close();
  }
});

test('score grading and summarising a big samples file stops within a second of SIGTERM', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-score-signal-'));
  const file = path.join(dir, 'big.jsonl');
  // 3 000 problems × 128 samples with varied answers: several seconds of grading and summarising.
  const lines: string[] = [];
  for (let p = 0; p < 3000; p++) {
    for (let i = 0; i < 128; i++) lines.push(JSON.stringify({ problem: `p${p}`, answer: String((p * 7 + i * 13) % 23), gold: String(p % 23) }));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const started = Date.now();
  const stopped = await terminateWhen(['score', file, '-k', '1,8,64,128', '--json'], () => Date.now() - started > 2500);
  assertGracefulStop(t, stopped, 'score');
  assert.equal(stopped.stdout, '', 'an interrupted score prints no partial figures');
});

test('grade on a big pairs file stops within a second of SIGTERM', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-grade-signal-'));
  const file = path.join(dir, 'pairs.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < 400_000; i++) lines.push(JSON.stringify({ gold: `#### ${i % 97}`, pred: `We compute step by step.\nSo the result is \\frac{${i % 97}}{1}, and the answer is ${(i * 7) % 97}.` }));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const started = Date.now();
  // The table form prints only at the end, so a full pipe to this test cannot slow the CLI down.
  // Signalled while grading is well under way on a loaded machine and long before it could finish on an idle one.
  const stopped = await terminateWhen(['grade', '--pairs', file], () => Date.now() - started > 1200);
  assertGracefulStop(t, stopped, 'grade');
  assert.equal(stopped.stdout, '', 'an interrupted grade prints no partial table');
});
