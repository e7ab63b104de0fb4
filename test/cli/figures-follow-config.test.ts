// A printed figure describes exactly the configuration on screen: attacks on the CLI after the identities of
// docs/runs.md were in place. Each test drives the real CLI bundle against the simulator on 127.0.0.1 and
// changes one thing a user would change between two runs.
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
  runDir: string;
  stale?: boolean;
}

async function withSim(fn: (url: string) => Promise<void>): Promise<void> {
  const sim = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')) });
  try {
    await fn(sim.url);
  } finally {
    await sim.close();
  }
}

function assertSame(scored: Figures, evaluated: Figures, what: string): void {
  assert.equal(scored.problems, evaluated.problems, `${what}: problems`);
  assert.equal(scored.samples, evaluated.samples, `${what}: samples`);
  for (const k of Object.keys(evaluated.passAtK)) {
    assert.ok(Math.abs(scored.passAtK[k]! - evaluated.passAtK[k]!) <= 1e-12, `${what}: pass@${k} ${scored.passAtK[k]} vs ${evaluated.passAtK[k]}`);
    assert.ok(Math.abs(scored.majAtK[k]! - evaluated.majAtK[k]!) <= 1e-12, `${what}: maj@${k} ${scored.majAtK[k]} vs ${evaluated.majAtK[k]}`);
  }
}

test('score of a run\'s samples.jsonl counts only the run\'s current problems and requests, as eval does', async () => {
  await withSim(async (url) => {
    const { recipe, dir } = simRecipe(url, { rows: 20, samples: 8 });
    const first = await runCli(['eval', recipe, '-j']);
    assert.equal(first.code, 0, first.stderr);

    // A smaller limit reuses the folder; its samples file still holds the 20 problems of the first run.
    fs.writeFileSync(recipe, fs.readFileSync(recipe, 'utf8').replace('samples: 8', 'samples: 8\n    limit: 8'));
    // The question of the first problem is edited: it gets new samples, and the old ones stay in the file.
    const data = path.join(dir, 'gsm8k.jsonl');
    const rows = fs.readFileSync(data, 'utf8').split('\n');
    const row0 = JSON.parse(rows[0]!) as { question: string };
    row0.question = `${row0.question} Answer carefully.`;
    rows[0] = JSON.stringify(row0);
    fs.writeFileSync(data, rows.join('\n'));

    const second = await runCli(['eval', recipe, '-j']);
    assert.equal(second.code, 0, second.stderr);
    const evaluated = JSON.parse(second.stdout) as Figures;
    assert.equal(evaluated.problems, 8);
    const scored = await runCli(['score', path.join(evaluated.runDir, 'samples.jsonl'), '-j']);
    assert.equal(scored.code, 0, scored.stderr);
    assertSame(JSON.parse(scored.stdout) as Figures, evaluated, 'score vs eval');
  });
});

test('a run made with another limit, k or expect than the recipe now says is reported as stale', async () => {
  await withSim(async (url) => {
    const { recipe } = simRecipe(url, { rows: 12, samples: 8 });
    const report = async () => {
      const r = await runCli(['report', recipe, '-j']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as Figures;
    };
    // `--limit` on the command line: 5 problems were evaluated, the recipe asks for all 12.
    const limited = await runCli(['eval', recipe, '-n', '5', '-j']);
    assert.equal(limited.code, 0, limited.stderr);
    const shown = await report();
    assert.equal(shown.problems, 5);
    assert.equal(shown.stale, true, 'a 5-problem run is not the figure of a 12-problem recipe');

    const full = await runCli(['eval', recipe, '-j']);
    assert.equal(full.code, 0, full.stderr);
    assert.equal((await report()).stale, false, 'the run of the recipe as it is is current');

    // Other k: the stored summary has pass@1, pass@2 and pass@8 rows, the recipe now asks for pass@4.
    const text = fs.readFileSync(recipe, 'utf8');
    fs.writeFileSync(recipe, text.replace('k: [1, 2, 8]', 'k: [1, 4]'));
    assert.equal((await report()).stale, true, 'figures for other k are stale');

    // Another expect threshold: the stored checks were made against the old threshold.
    fs.writeFileSync(recipe, text + '    expect: { pass@1: 0.01 }\n');
    assert.equal((await report()).stale, true, 'expect checks against another threshold are stale');
  });
});

test('two entries whose names make the same folder name keep their own run folders and summaries', async () => {
  await withSim(async (url) => {
    const { recipe } = simRecipe(url, { rows: 6, samples: 8 });
    const text = fs.readFileSync(recipe, 'utf8');
    const entry = text.slice(text.indexOf('  sim-eval:'));
    // "gsm 8k" and "gsm_8k" both become gsm_8k in a folder name; they differ in their grader only.
    fs.writeFileSync(recipe, text.replace('  sim-eval:', '  "gsm 8k":') + entry.replace('  sim-eval:', '  gsm_8k:').replace('compare: math', 'compare: exact'));
    const a = await runCli(['eval', recipe, '-e', 'gsm 8k', '-j']);
    assert.equal(a.code, 0, a.stderr);
    const b = await runCli(['eval', recipe, '-e', 'gsm_8k', '-j']);
    assert.equal(b.code, 0, b.stderr);
    assert.notEqual((JSON.parse(a.stdout) as Figures).runDir, (JSON.parse(b.stdout) as Figures).runDir);
    const shown = await runCli(['report', recipe, '-e', 'gsm 8k', '-j']);
    assert.equal(shown.code, 0, shown.stderr);
    const figures = JSON.parse(shown.stdout) as Figures & { entry: string; stale: boolean; grader: { compare: string } };
    assert.equal(figures.entry, 'gsm 8k');
    assert.equal(figures.stale, false);
  });
});

test('a run folder reported directly is compared to its recipe beside it and marked stale once that changed', async () => {
  await withSim(async (url) => {
    const { recipe } = simRecipe(url, { rows: 4, samples: 8 });
    const ev = await runCli(['eval', recipe, '-j']);
    assert.equal(ev.code, 0, ev.stderr);
    const runDir = (JSON.parse(ev.stdout) as Figures).runDir;
    const shown = async () => {
      const r = await runCli(['report', runDir, '-j']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as Figures;
    };
    assert.equal((await shown()).stale, false);
    fs.writeFileSync(recipe, fs.readFileSync(recipe, 'utf8').replace('temperature: 0.7', 'temperature: 0.9'));
    assert.equal((await shown()).stale, true, 'the recipe beside the run now asks for other samples');
    const text = await runCli(['report', runDir]);
    assert.match(text.stdout, /^STALE: /);
  });
});

test('check refuses an expect threshold on a k the evaluation does not report, which could never be met', async () => {
  const { recipe } = simRecipe('http://127.0.0.1:9/v1', { rows: 2, samples: 8, extra: '    expect: { pass@4: 0.5, maj@8: 0.1 }\n' });
  const r = await runCli(['check', recipe]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /recipe\/expect-not-in-k[^\n]*pass@4/);
  assert.doesNotMatch(r.stdout + r.stderr, /maj@8[^\n]*not among/, 'maj@8 is reported (k has 8)');
  // Without `k`, the evaluation reports pass@1 only (the default), so pass@1 may be expected and nothing else.
  const { recipe: plain } = simRecipe('http://127.0.0.1:9/v1', { rows: 2, samples: 8 });
  fs.writeFileSync(plain, fs.readFileSync(plain, 'utf8').replace('    k: [1, 2, 8]\n', '') + '    expect: { pass@1: 0.1 }\n');
  const ok = await runCli(['check', plain]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
});

test('score of a run\'s samples.jsonl says which k and compare it used, and that -c does not regrade', async () => {
  await withSim(async (url) => {
    const { recipe } = simRecipe(url, { rows: 3, samples: 8 });
    const ev = await runCli(['eval', recipe, '-j']);
    assert.equal(ev.code, 0, ev.stderr);
    const samples = path.join((JSON.parse(ev.stdout) as Figures).runDir, 'samples.jsonl');
    const plain = await runCli(['score', samples, '-j']);
    assert.match(plain.stderr, /k \(1, 2, 8\), compare \(math\)/);
    const overridden = await runCli(['score', samples, '-j', '-k', '1,4', '-c', 'exact']);
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.match(overridden.stderr, /k \(1, 4\), compare \(exact\)/, overridden.stderr);
    assert.doesNotMatch(overridden.stderr, /compare \(math\)/);
    assert.match(overridden.stderr, /verdicts[^\n]*auto\/math/, 'the correct/incorrect verdicts stay those of the run\'s grader');
  });
});
