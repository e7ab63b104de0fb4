// Loading the run an editor shows, against real runs made by the engine on the simulator (127.0.0.1): a finished
// run's summary, a live recomputation from samples.jsonl that places problems on their dataset lines, stale
// runs in both dataset modes, synthesis summaries and sample excerpts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runEvaluation } from '../../../server/src/eval';
import { loadEvalRunView, loadExcerpts, loadSynthRunView } from '../../../server/src/insights';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { startSimulator } from '../../../server/src/sim/simulator';
import { dataDir } from '../../helpers/paths';
import { testRecipe } from '../eval/recipe-doc';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

test('finished, live and stale views of real runs', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const t = testRecipe({ baseUrls: [sim.url], rows: 6 });
    assert.equal((await loadEvalRunView(t.doc, 'gsm8k-sim')).value, undefined, 'no run yet');
    const run = (await runEvaluation(t.doc, 'gsm8k-sim', { env: {}, retryBaseMs: 2 })).value!;
    const done = (await loadEvalRunView(t.doc, 'gsm8k-sim')).value!;
    assert.equal(done.live, false);
    assert.equal(done.current, true);
    assert.deepEqual(done.summary.perProblem.map((p) => p.line), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(done.summary.passAtK, run.passAtK);

    // Recomputed from samples.jsonl, the figures and the lines equal the engine's own summary.
    const live = (await loadEvalRunView(t.doc, 'gsm8k-sim', { live: true })).value!;
    assert.equal(live.live, true);
    assert.deepEqual(live.summary.perProblem.map((p) => [p.line, p.n, p.correct, p.gold]), run.perProblem.map((p) => [p.line, p.n, p.correct, p.gold]));

    // A run killed before its summary: only samples.jsonl is left; lines still come from the recipe's plan.
    fs.rmSync(path.join(run.runDir, 'summary.json'));
    const lines = fs.readFileSync(path.join(run.runDir, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean);
    fs.writeFileSync(path.join(run.runDir, 'samples.jsonl'), lines.filter((l) => JSON.parse(l).problem !== '3').join('\n') + '\n');
    const killed = (await loadEvalRunView(t.doc, 'gsm8k-sim')).value!;
    assert.equal(killed.live, true);
    assert.equal(killed.summary.complete, false);
    assert.deepEqual(killed.summary.perProblem.map((p) => [p.line, p.n]), [[0, 8], [1, 8], [2, 0], [3, 8], [4, 8], [5, 8]]);

    // A changed prompt changes the fingerprint: `latest` shows the old run as stale, `matchingFingerprint` nothing.
    const prompt = t.doc.prompts.get('cot')!;
    t.doc.prompts.set('cot', { ...prompt, user: { ...prompt.user, source: `${prompt.user.source}\nBe brief.` } });
    const stale = (await loadEvalRunView(t.doc, 'gsm8k-sim')).value!;
    assert.equal(stale.current, false);
    assert.equal((await loadEvalRunView(t.doc, 'gsm8k-sim', { mode: 'matchingFingerprint' })).value, undefined);

    const ex = loadExcerpts(run.runDir, '1', 3);
    assert.ok(ex.length >= 1 && ex.length <= 3 && ex.every((e) => e.text.length <= 320));
    assert.equal(new Set(ex.map((e) => e.index)).size, ex.length);
  } finally {
    await sim.close();
  }
});

test('synthesis view: the newest synth-summary.json of the entry, none for other entries', () => {
  const t = testRecipe({ baseUrls: ['http://127.0.0.1:9/v1'], rows: 1 });
  const dir = (name: string) => path.join(t.dir, '.passk', 'synth', name);
  const write = (name: string, entry: string, accepted: number) => {
    fs.mkdirSync(dir(name), { recursive: true });
    fs.writeFileSync(path.join(dir(name), 'synth-summary.json'), JSON.stringify({ entry, runDir: dir(name), output: 'o', fingerprint: 'f', seeds: 2, candidates: 4, accepted, rejected: {}, failed: 0, completed: true }));
  };
  write('grow-aaa', 'grow', 1);
  write('other-bbb', 'other', 9);
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(dir('grow-aaa'), 'synth-summary.json'), old, old);
  write('grow-ccc', 'grow', 3);
  fs.mkdirSync(dir('grow-ddd')); // a run in progress without a summary is skipped
  assert.equal(loadSynthRunView(t.doc, 'grow')?.summary.accepted, 3);
  assert.equal(loadSynthRunView(t.doc, 'nope'), undefined);
});
