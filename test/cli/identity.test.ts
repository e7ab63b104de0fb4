// The run identities of docs/runs.md as a user meets them through the CLI, against simulators on 127.0.0.1
// whose request counts prove reuse: two recipes in one folder keep their own reports, another server gets its
// own samples and the report names it, a changed way of reading the gold regrades without a request, and a
// report made after the recipe changed says it is stale, in text, JSON, HTML and JUnit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator, type Simulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli, simRecipe } from './eval-cli-helpers';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

interface JsonReport {
  problems: number;
  passAtK: Record<string, number>;
  runDir: string;
  stale: boolean;
  provenance: { run: string; recipe: string; model: string; endpoint: string; datasetSha256: string; grader: string; gold?: string };
}

async function json(args: string[]): Promise<JsonReport> {
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

async function withSims(count: number, fn: (sims: Simulator[]) => Promise<void>): Promise<void> {
  const sims = await Promise.all(Array.from({ length: count }, (_, i) => startSimulator({ problems: gsm, simSeed: i })));
  try {
    await fn(sims);
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}

test('two recipes in one folder with the same entry name: each report shows its own run', async () => {
  await withSims(1, async ([sim]) => {
    const { recipe, dir } = simRecipe(sim!.url, { rows: 6 });
    const other = path.join(dir, 'other.recipe.yaml');
    fs.copyFileSync(recipe, other);
    const a = await json(['eval', recipe, '--json', '--limit', '5']);
    const sent = sim!.stats.completionRequests;
    const b = await json(['eval', other, '--json', '--limit', '3']);
    assert.equal(sim!.stats.completionRequests, sent, 'the second recipe reuses the samples the first one stored');
    assert.equal(a.problems, 5);
    assert.equal(b.problems, 3);
    const ra = await json(['report', recipe, '--json']);
    const rb = await json(['report', other, '--json']);
    assert.equal(ra.problems, 5, 'the other recipe did not overwrite this summary');
    assert.equal(rb.problems, 3);
    assert.equal(ra.provenance.recipe, recipe);
    assert.equal(rb.provenance.recipe, other);
    assert.notEqual(ra.provenance.run, rb.provenance.run);
    const text = await runCli(['report', recipe]);
    assert.match(text.stdout, /5 problems × 8 samples/);
    assert.match(text.stdout, /recipe sim\.recipe\.yaml/);
  });
});

test('another baseUrl gets its own samples; the report names the endpoint and is stale until rerun', async () => {
  await withSims(2, async ([one, two]) => {
    const { recipe, dir } = simRecipe(one!.url, { rows: 4 });
    const first = await json(['eval', recipe, '--json']);
    assert.equal(first.provenance.endpoint, new URL(one!.url).origin);
    assert.equal(first.stale, false);
    fs.writeFileSync(recipe, fs.readFileSync(recipe, 'utf8').replace(one!.url, two!.url));
    const before = await runCli(['report', recipe, '--json', '--html', path.join(dir, 'stale.html'), '--junit', path.join(dir, 'stale.xml')]);
    assert.equal(before.code, 0, before.stderr);
    const stale = JSON.parse(before.stdout) as JsonReport;
    assert.equal(stale.stale, true, 'the shown run was made against the old server');
    assert.equal(stale.provenance.endpoint, new URL(one!.url).origin);
    assert.match(fs.readFileSync(path.join(dir, 'stale.html'), 'utf8'), /STALE: the recipe changed/);
    assert.match(fs.readFileSync(path.join(dir, 'stale.xml'), 'utf8'), /<property name="passk.stale" value="true"\/>/);
    assert.match((await runCli(['report', recipe])).stdout, /^STALE: the recipe changed/);
    const second = await json(['eval', recipe, '--json']);
    assert.equal(two!.stats.choicesServed, 32, 'every sample was requested from the new server');
    assert.equal(second.provenance.endpoint, new URL(two!.url).origin);
    const after = await runCli(['report', recipe, '--junit', path.join(dir, 'junit.xml'), '--html', path.join(dir, 'report.html')]);
    assert.equal(after.code, 0, after.stderr);
    assert.doesNotMatch(after.stdout, /STALE/);
    assert.match(after.stdout, new RegExp(`at ${new URL(two!.url).origin.replace(/\./g, '\\.')}`));
    const xml = fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    assert.match(xml, new RegExp(`<property name="passk.endpoint" value="${new URL(two!.url).origin.replace(/\./g, '\\.')}"/>`));
    assert.match(xml, /<property name="passk.datasetSha256" value="[0-9a-f]{64}"\/>/);
    assert.match(xml, /<property name="passk.stale" value="false"\/>/);
    assert.match(fs.readFileSync(path.join(dir, 'report.html'), 'utf8'), /id="provenance">run sim-eval-[0-9a-f]{12} · recipe sim\.recipe\.yaml · model sim \(passk-sim, chat\)/);
    const oldRun = JSON.parse(fs.readFileSync(path.join(first.runDir, 'run.json'), 'utf8')) as { model: { baseUrls: string[] } };
    assert.deepEqual(oldRun.model.baseUrls, [one!.url], 'the old run.json still names the server that produced its samples');
  });
});

test('reading the gold differently regrades without a request; the report is stale until then', async () => {
  await withSims(1, async ([sim]) => {
    const { recipe } = simRecipe(sim!.url, { rows: 5 });
    const first = await json(['eval', recipe, '--json']);
    assert.ok(first.passAtK['1']! > 0);
    assert.equal(first.provenance.gold, 'answer/gsm8k');
    const sent = sim!.stats.completionRequests;
    fs.writeFileSync(recipe, fs.readFileSync(recipe, 'utf8').replace('extract: gsm8k', 'extract: none'));
    const stale = await json(['report', recipe, '--json']);
    assert.equal(stale.stale, true, 'the figures were graded against the old gold answers');
    const regraded = await json(['eval', recipe, '--json']);
    assert.equal(sim!.stats.completionRequests, sent, 'no request');
    assert.equal(regraded.passAtK['1'], 0, 'the gold is now the whole solution paragraph');
    assert.equal(regraded.provenance.gold, 'answer/none');
    assert.equal((await json(['report', recipe, '--json'])).stale, false);
  });
});
