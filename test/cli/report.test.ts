// `passk report` on a recipe and on a run folder, including a folder whose run died before writing
// summary.json (the summary is then recomputed from samples.jsonl), with HTML and JUnit files written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli, simRecipe } from './eval-cli-helpers';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

test('report on a recipe and on its run folder agree; HTML and JUnit files are written', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 5, extra: '    expect: { pass@1: 0.99 }\n' });
    const none = await runCli(['report', recipe]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /has no runs yet/);
    const ev = await runCli(['eval', recipe, '--json']);
    assert.equal(ev.code, 4, ev.stderr); // complete, but below its expect of pass@1 0.99
    const runDir = (JSON.parse(ev.stdout) as { runDir: string }).runDir;
    const byRecipe = await runCli(['report', recipe, '--json']);
    const byDir = await runCli(['report', runDir, '--json', '--html', path.join(dir, 'out', 'report.html'), '--junit', path.join(dir, 'out', 'junit.xml')]);
    assert.equal(byRecipe.code, 0, byRecipe.stderr);
    assert.equal(byDir.code, 0, byDir.stderr);
    assert.deepEqual(JSON.parse(byDir.stdout).passAtK, JSON.parse(byRecipe.stdout).passAtK);
    const html = fs.readFileSync(path.join(dir, 'out', 'report.html'), 'utf8');
    assert.match(html, /<svg /);
    const xml = fs.readFileSync(path.join(dir, 'out', 'junit.xml'), 'utf8');
    assert.match(xml, /<testcase classname="passk\.sim-eval" name="expect pass@1 &gt;= 0\.99"><failure/);
    assert.equal((xml.match(/name="problem /g) ?? []).length, 5);
    const table = await runCli(['report', recipe]);
    assert.match(table.stdout, /sim-eval — sim \(passk-sim\) on gsm8k: 5 problems × 8 samples \(complete\)/);
  } finally {
    await sim.close();
  }
});

test('a run folder without summary.json is summarised from its samples and marked incomplete', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const { recipe } = simRecipe(sim.url, { rows: 4 });
    const ev = await runCli(['eval', recipe, '--json']);
    const runDir = (JSON.parse(ev.stdout) as { runDir: string }).runDir;
    const full = JSON.parse((await runCli(['report', runDir, '--json'])).stdout) as { passAtK: Record<string, number> };
    fs.rmSync(path.join(runDir, 'summary.json'));
    const rebuilt = await runCli(['report', runDir, '--json']);
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.deepEqual(JSON.parse(rebuilt.stdout).passAtK, full.passAtK);
    const lines = fs.readFileSync(path.join(runDir, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean);
    fs.writeFileSync(path.join(runDir, 'samples.jsonl'), lines.slice(0, 20).join('\n') + '\n' + lines[20]!.slice(0, 30));
    const partial = JSON.parse((await runCli(['report', runDir, '--json'])).stdout) as { complete: boolean; missing: number; samples: number };
    assert.equal(partial.complete, false);
    assert.equal(partial.samples, 20);
    assert.equal(partial.missing, 12);
    const notRun = await runCli(['report', path.dirname(runDir)]);
    assert.equal(notRun.code, 1);
    assert.match(notRun.stderr, /not a passk run folder/);
  } finally {
    await sim.close();
  }
});
