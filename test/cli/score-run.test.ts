// `passk score` on the samples.jsonl that `passk eval` writes: every pass@k and maj@k figure agrees with the
// run's summary to 1e-12, and the intervals are the same seeded bootstrap as `passk report` shows, whatever
// order the lines come in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli, simRecipe } from './eval-cli-helpers';

interface Figures {
  problems: number;
  samples: number;
  passAtK: Record<string, number | null>;
  majAtK: Record<string, number | null>;
  ci: { method: string; passAtK: Record<string, { lo: number; hi: number } | null>; majAtK: Record<string, { lo: number; hi: number } | null> };
  perProblem: { problem: string; n: number; correct: number; passAtK: Record<string, number | null>; majAtK: Record<string, number | null> }[];
}

function assertSameFigures(a: Figures, b: Figures, what: string): void {
  assert.equal(a.problems, b.problems, what);
  assert.equal(a.samples, b.samples, what);
  assert.equal(a.ci.method, b.ci.method, what);
  for (const table of ['passAtK', 'majAtK'] as const) {
    assert.deepEqual(Object.keys(a[table]), Object.keys(b[table]), `${what} ${table} keys`);
    for (const k of Object.keys(a[table])) {
      assert.ok(Math.abs(a[table][k]! - b[table][k]!) <= 1e-12, `${what} ${table}@${k}: ${a[table][k]} vs ${b[table][k]}`);
      const ia = a.ci[table][k]!;
      const ib = b.ci[table][k]!;
      assert.ok(Math.abs(ia.lo - ib.lo) <= 1e-12 && Math.abs(ia.hi - ib.hi) <= 1e-12, `${what} interval of ${table}@${k}: ${JSON.stringify(ia)} vs ${JSON.stringify(ib)}`);
    }
  }
  const rows = new Map(b.perProblem.map((r) => [r.problem, r]));
  for (const r of a.perProblem) {
    const o = rows.get(r.problem)!;
    assert.ok(o, `${what}: problem ${r.problem}`);
    assert.equal(r.n, o.n);
    assert.equal(r.correct, o.correct);
    for (const k of Object.keys(r.majAtK)) assert.ok(Math.abs((r.majAtK[k] ?? -1) - (o.majAtK[k] ?? -1)) <= 1e-12, `${what}: maj@${k} of ${r.problem}`);
  }
}

test('score reads a run\'s samples.jsonl and agrees with eval and report on every figure and interval', async () => {
  const sim = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')) });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 40, samples: 8 });
    const ev = await runCli(['eval', recipe, '--json']);
    assert.equal(ev.code, 0, ev.stderr);
    const evaluated = JSON.parse(ev.stdout) as Figures & { runDir: string };
    const samples = path.join(evaluated.runDir, 'samples.jsonl');

    // In place: the run's k, grader and sample count are the defaults.
    const scored = await runCli(['score', samples, '--json']);
    assert.equal(scored.code, 0, scored.stderr);
    assert.doesNotMatch(scored.stderr, /samples\.jsonl:\d+:/, 'no line is rejected');
    assertSameFigures(JSON.parse(scored.stdout) as Figures, evaluated, 'score vs eval');

    // Copied elsewhere with its lines reversed: the same figures and the same intervals as `passk report`.
    const lines = fs.readFileSync(samples, 'utf8').trim().split('\n');
    const copy = path.join(dir, 'copied.jsonl');
    fs.writeFileSync(copy, lines.reverse().join('\n') + '\n');
    const report = await runCli(['report', evaluated.runDir, '--json']);
    assert.equal(report.code, 0, report.stderr);
    const reordered = await runCli(['score', copy, '-k', '1,2,8', '-j']);
    assert.equal(reordered.code, 0, reordered.stderr);
    assertSameFigures(JSON.parse(reordered.stdout) as Figures, JSON.parse(report.stdout) as Figures, 'score (reversed lines) vs report');

    // The text table prints the same intervals as report's table for pass@1.
    const table = await runCli(['score', samples]);
    const reportTable = await runCli(['report', evaluated.runDir]);
    const interval = (text: string) => /\[\d+\.\d%, \d+\.\d%\]/.exec(text)?.[0];
    assert.ok(interval(table.stdout), table.stdout);
    assert.equal(interval(table.stdout), interval(reportTable.stdout));
  } finally {
    await sim.close();
  }
});
