// `passk compare` as a real process over two runs of simulated models of different skill: the JSON contract,
// figures that agree with each run's own report at the recipe's k values, pairs at every k whose differences are
// the difference of the curves, per-problem pass@1, only common problems paired, and the HTML comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli, simRecipe } from './eval-cli-helpers';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

interface Report {
  passAtK: Record<string, number | null>;
  majAtK: Record<string, number | null>;
  perProblem: { problem: string; n: number; correct: number }[];
}

interface Comparison {
  runs: { label: string; problems: number; samples: number }[];
  passAtK: Record<string, (number | null)[]>;
  majAtK: Record<string, (number | null)[]>;
  pairs: { a: string; b: string; metric: string; k: number; diff: number | null; ci: [number, number] | null; p: number | null }[];
  perProblem: { problem: string; passAt1: (number | null)[] }[];
}

async function evalRun(simSeed: number, rows: number): Promise<{ recipe: string; runDir: string; dir: string }> {
  const sim = await startSimulator({ problems: gsm, simSeed });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows });
    const ev = await runCli(['eval', recipe, '--json']);
    assert.equal(ev.code, 0, ev.stderr);
    return { recipe, dir, runDir: (JSON.parse(ev.stdout) as { runDir: string }).runDir };
  } finally {
    await sim.close();
  }
}

const close = (a: number | null | undefined, b: number | null | undefined) => a !== null && a !== undefined && b !== null && b !== undefined && Math.abs(a - b) < 1e-9;

test('compare prints the JSON contract over two runs, agreeing with each run\'s report', async () => {
  const a = await evalRun(1, 6);
  const b = await evalRun(7, 8);
  const out = await runCli(['compare', a.runDir, `${b.recipe}#sim-eval`, '--json', '--html', path.join(a.dir, 'cmp.html')]);
  assert.equal(out.code, 0, out.stderr);
  // Six rows against eight are different dataset files: the pairing by id is said to cross datasets.
  assert.match(out.stderr, /warning: The runs read different dataset content: .*sim-eval .*sha256 [0-9a-f]{12}/);
  const c = JSON.parse(out.stdout) as Comparison;
  assert.deepEqual(Object.keys(c).sort(), ['majAtK', 'pairs', 'passAtK', 'perProblem', 'runs']);
  assert.deepEqual(c.runs.map((r) => Object.keys(r).sort()), [['label', 'problems', 'samples'], ['label', 'problems', 'samples']]);
  assert.deepEqual(c.runs.map((r) => [r.label, r.problems, r.samples]), [[a.runDir, 6, 48], [`${b.recipe}#sim-eval`, 8, 64]]);
  // Whole curves: every k from 1 to the 8 samples per problem, one value per run.
  assert.deepEqual(Object.keys(c.passAtK), ['1', '2', '3', '4', '5', '6', '7', '8']);
  assert.deepEqual(Object.keys(c.majAtK), Object.keys(c.passAtK));
  for (const k of Object.keys(c.passAtK)) assert.equal(c.passAtK[k]!.length, 2);
  // Only the 6 problems both runs have are paired; run b's figures are over those, so they equal run a's
  // report only for run a (all of its problems), and for run b they are recomputed here from its per-problem rows.
  assert.equal(c.perProblem.length, 6);
  const ra = JSON.parse((await runCli(['report', a.runDir, '--json'])).stdout) as Report;
  const rb = JSON.parse((await runCli(['report', b.recipe, '--json'])).stdout) as Report;
  for (const k of ['1', '2', '8']) {
    assert.ok(close(c.passAtK[k]![0], ra.passAtK[k]), `pass@${k}`);
    assert.ok(close(c.majAtK[k]![0], ra.majAtK[k]), `maj@${k}`);
  }
  const common = new Set(c.perProblem.map((p) => p.problem));
  assert.deepEqual([...common].sort(), ra.perProblem.map((p) => p.problem).sort());
  const bRows = rb.perProblem.filter((p) => common.has(p.problem));
  const bPass1 = bRows.reduce((s, p) => s + p.correct / p.n, 0) / bRows.length;
  assert.ok(close(c.passAtK['1']![1], bPass1));
  for (const p of c.perProblem) {
    const pa = ra.perProblem.find((x) => x.problem === p.problem)!;
    const pb = rb.perProblem.find((x) => x.problem === p.problem)!;
    assert.ok(close(p.passAt1[0], pa.correct / pa.n) && close(p.passAt1[1], pb.correct / pb.n), p.problem);
  }
  // One pair per metric and k, b − a, with an interval around the difference and a p-value in (0, 1].
  assert.equal(c.pairs.length, 16);
  for (const p of c.pairs) {
    assert.deepEqual(Object.keys(p).sort(), ['a', 'b', 'ci', 'diff', 'k', 'metric', 'p']);
    assert.equal(p.a, a.runDir);
    assert.equal(p.b, `${b.recipe}#sim-eval`);
    const curve = p.metric === 'pass' ? c.passAtK : c.majAtK;
    assert.ok(close(p.diff, curve[String(p.k)]![1]! - curve[String(p.k)]![0]!), `${p.metric}@${p.k}`);
    assert.ok(p.ci![0] <= p.diff! + 1e-12 && p.diff! <= p.ci![1] + 1e-12);
    assert.ok(p.p! > 0 && p.p! <= 1);
  }
  assert.deepEqual(c.pairs.filter((p) => p.metric === 'pass').map((p) => p.k), [1, 2, 3, 4, 5, 6, 7, 8]);
  const html = fs.readFileSync(path.join(a.dir, 'cmp.html'), 'utf8');
  assert.equal((html.match(/<svg /g) ?? []).length, 2);
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  assert.ok(html.includes(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`));
  assert.match(html, /6<\/span>|6 problems have samples in every run/);
});

test('a run compared with itself differs by nothing; too few runs or an unknown entry are errors', async () => {
  const a = await evalRun(3, 4);
  const same = await runCli(['compare', a.runDir, a.runDir, '--json']);
  assert.equal(same.code, 0, same.stderr);
  assert.doesNotMatch(same.stderr, /different dataset content/);
  const c = JSON.parse(same.stdout) as Comparison;
  assert.deepEqual(c.runs.map((r) => r.label), [a.runDir, `${a.runDir} (2)`]);
  for (const p of c.pairs) {
    assert.equal(p.diff, 0);
    assert.deepEqual(p.ci, [0, 0]);
    assert.equal(p.p, 1);
  }
  const text = await runCli(['compare', a.runDir, a.runDir]);
  assert.match(text.stdout, /4 problems are in every run/);
  assert.match(text.stdout, /0 problems regressed, 0 improved/);
  const one = await runCli(['compare', a.runDir]);
  assert.equal(one.code, 2);
  const missing = await runCli(['compare', a.runDir, `${a.recipe}#nope`]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no evaluation named "nope"/);
});

test('a recipe whose file name holds a # is read whole, and recipe#entry still names its entry', async () => {
  const sim = await startSimulator({ problems: gsm, simSeed: 5 });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 4 });
    const hashed = path.join(dir, 'ablation#2.recipe.yaml');
    fs.renameSync(recipe, hashed);
    const ev = await runCli(['eval', hashed, '--json']);
    assert.equal(ev.code, 0, ev.stderr);
    const runDir = (JSON.parse(ev.stdout) as { runDir: string }).runDir;
    // Relative to the working folder too, as a user types it.
    const out = await runCli(['compare', 'ablation#2.recipe.yaml', 'ablation#2.recipe.yaml#sim-eval', runDir, '--json'], { cwd: dir });
    assert.equal(out.code, 0, out.stderr);
    const c = JSON.parse(out.stdout) as Comparison;
    assert.deepEqual(c.runs.map((r) => r.problems), [4, 4, 4]);
    assert.ok(c.pairs.every((p) => p.diff === 0), 'all three name the same run');
  } finally {
    await sim.close();
  }
});
