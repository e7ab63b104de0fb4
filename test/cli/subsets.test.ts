// `where`, `sample`, `groupBy` and `fewShot` through the real CLI against the simulator on 127.0.0.1, on MATH rows
// (which carry `type` and `level`): only matching rows are evaluated, the seeded subset is the same on every run
// and another seed picks another, each group's figures are those of its problems, and the few-shot examples in
// the prompts the model received are never evaluated problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli } from './eval-cli-helpers';

const mathFile = path.join(dataDir, 'math', 'test.jsonl');
type MathRow = { problem: string; type: string; level: string; idx: number };
const rows = fs.readFileSync(mathFile, 'utf8').split('\n').filter(Boolean).slice(0, 80).map((l) => JSON.parse(l) as MathRow);
const TYPES = ['Algebra', 'Prealgebra'];

function recipe(baseUrl: string, seed: number): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-subsets-'));
  fs.writeFileSync(path.join(dir, 'math.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const file = path.join(dir, 'subsets.recipe.yaml');
  fs.writeFileSync(file, `passk: 1
models:
  sim: { baseUrl: "${baseUrl}", model: passk-sim, concurrency: 8 }
datasets:
  math: { path: math.jsonl, question: problem, id: idx, answer: { field: solution, extract: boxed } }
prompts:
  shots: |-
    {% for e in examples %}Example: {{ e.question }}
    Solution: {{ e.answer }}

    {% endfor %}Problem: {{ question }}
evaluate:
  sub:
    model: sim
    dataset: math
    prompt: shots
    samples: 4
    k: [1, 4]
    seed: 1
    where: { type: [${TYPES.join(', ')}] }
    sample: { n: 8, seed: ${seed} }
    groupBy: [type, level]
    fewShot: { dataset: math, n: 2, seed: 7 }
`);
  return { dir, file };
}

interface Out {
  problems: number;
  perProblem: { problem: string; n: number; correct: number }[];
  groups: { field: string; rows: { value: string; problems: number; passAtK: Record<string, number> }[] }[];
}

test('where, sample, groupBy and fewShot: the chosen rows, per-group figures and examples outside the evaluated set', async () => {
  const sim = await startSimulator({ problems: loadSimProblems(mathFile) });
  try {
    const { file } = recipe(sim.url, 3);
    const dry = await runCli(['eval', file, '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((JSON.parse(dry.stdout) as { requests: number }).requests, 8);
    const r = await runCli(['eval', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Out;
    assert.equal(out.problems, 8);
    const byId = new Map(rows.map((x) => [String(x.idx), x]));
    const chosen = out.perProblem.map((p) => byId.get(p.problem)!);
    assert.ok(chosen.every((x) => x && TYPES.includes(x.type)), 'only rows matching where are evaluated');
    // Per-group figures are the mean pass@1 of that group's problems.
    assert.deepEqual(out.groups.map((g) => g.field), ['type', 'level']);
    for (const [f, g] of out.groups.entries()) {
      const field = f === 0 ? 'type' : 'level';
      assert.equal(g.rows.reduce((s, x) => s + x.problems, 0), 8);
      for (const row of g.rows) {
        const mine = out.perProblem.filter((p) => byId.get(p.problem)![field] === row.value);
        assert.equal(row.problems, mine.length);
        const mean = mine.reduce((s, p) => s + p.correct / p.n, 0) / mine.length;
        assert.ok(Math.abs(row.passAtK['1']! - mean) < 1e-12, `${field} ${row.value}`);
      }
    }
    // Every prompt carries the same two examples, neither of them an evaluated problem.
    const prompts = sim.stats.prompts.map((p) => (JSON.parse(p) as { content: string }[])[0]!.content);
    assert.equal(prompts.length, 8);
    const examples = (p: string) => [...p.matchAll(/Example: ([\s\S]*?)\nSolution:/g)].map((m) => m[1]!);
    const first = examples(prompts[0]!);
    assert.equal(first.length, 2);
    assert.ok(prompts.every((p) => JSON.stringify(examples(p)) === JSON.stringify(first)));
    for (const q of first) assert.ok(!chosen.some((x) => x.problem === q), 'an example is never an evaluated problem');
    // The subset is the seed's: the same seed picks the same problems, another seed others.
    const again = JSON.parse((await runCli(['eval', recipe(sim.url, 3).file, '--json'])).stdout) as Out;
    assert.deepEqual(again.perProblem.map((p) => p.problem).sort(), out.perProblem.map((p) => p.problem).sort());
    const other = JSON.parse((await runCli(['eval', recipe(sim.url, 4).file, '--json'])).stdout) as Out;
    assert.notDeepEqual(other.perProblem.map((p) => p.problem).sort(), out.perProblem.map((p) => p.problem).sort());
    // The report shows one table per field.
    const html = path.join(path.dirname(file), 'r.html');
    assert.equal((await runCli(['report', file, '--html', html])).code, 0);
    const page = fs.readFileSync(html, 'utf8');
    assert.ok(page.includes('<h3>By type</h3>') && page.includes('<h3>By level</h3>'));
  } finally {
    await sim.close();
  }
});
