// The two run identities of docs/runs.md, end to end against simulators on 127.0.0.1 whose request counts prove
// reuse or no reuse: the sample identity (endpoint, api, model, exact request, problem content — never file
// paths) decides which stored samples are reused; the verdict identity (gold value and grader) decides when
// stored samples are regraded; and summaries belong to one (recipe file, entry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator, type Simulator } from '../../../server/src/sim/simulator';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { latestRunFor, loadRun, runEvaluation, summarizeStoredRun, type RunSummary } from '../../../server/src/eval';
import { RunSampleIndex } from '../../../server/src/insights/run-sample-index';
import { planEvaluation } from '../../../server/src/eval/eval-plan';
import type { RecipeDoc } from '../../../server/src/recipe/model';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import { dataDir, fixtures } from '../../helpers/paths';
import { testRecipe } from './recipe-doc';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
const fast = { env: {}, retryBaseMs: 2 };

async function withSims<T>(count: number, fn: (sims: Simulator[]) => Promise<T>): Promise<T> {
  const sims = await Promise.all(Array.from({ length: count }, (_, i) => startSimulator({ problems: gsm, simSeed: i })));
  try {
    return await fn(sims);
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}

const requests = (sims: Simulator[]) => sims.reduce((n, s) => n + s.stats.completionRequests, 0);
const run = async (doc: RecipeDoc) => {
  const r = await runEvaluation(doc, 'gsm8k-sim', fast);
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  return r.value!;
};
const figures = (s: RunSummary) => ({ passAtK: s.passAtK, majAtK: s.majAtK, perProblem: s.perProblem.map((p) => ({ problem: p.problem, n: p.n, correct: p.correct, gold: p.gold })) });

test('changing how the gold answer is read regrades the stored samples without a request', async () => {
  await withSims(1, async (sims) => {
    const t = testRecipe({ baseUrls: [sims[0]!.url], rows: 5 });
    const first = await run(t.doc);
    assert.ok(first.passAtK['1']! > 0, 'the simulator solves some problems');
    const sent = requests(sims);
    // The gold becomes the whole solution paragraph, which no extracted answer equals.
    t.doc.datasets.get('gsm8k')!.answer = { field: 'answer', extract: 'none' };
    const whole = await run(t.doc);
    assert.equal(requests(sims), sent, 'regrading sends no request');
    assert.equal(whole.passAtK['1'], 0, 'every sample is judged against the paragraph');
    assert.ok(whole.perProblem.every((p) => p.gold.includes('####')));
    // Reading the gold from another field (here: the question) is a change of verdict identity too.
    t.doc.datasets.get('gsm8k')!.answer = { field: 'question', extract: 'last-number' };
    const other = await run(t.doc);
    assert.equal(requests(sims), sent);
    assert.notDeepEqual(other.perProblem.map((p) => p.gold), first.perProblem.map((p) => p.gold));
    t.doc.datasets.get('gsm8k')!.answer = { field: 'answer', extract: 'gsm8k' };
    const back = await run(t.doc);
    assert.equal(requests(sims), sent);
    assert.deepEqual(figures(back), figures(first), 'reading the gold as before gives the first figures again');
  });
});

test('a corrected gold label in the dataset regrades that problem only and requests nothing', async () => {
  await withSims(1, async (sims) => {
    const t = testRecipe({ baseUrls: [sims[0]!.url], rows: 4 });
    const first = await run(t.doc);
    const solved = first.perProblem.find((p) => p.correct > 0)!;
    const sent = requests(sims);
    const lines = fs.readFileSync(t.datasetFile, 'utf8').split('\n');
    const row = JSON.parse(lines[solved.line]!) as { question: string; answer: string };
    lines[solved.line] = JSON.stringify({ ...row, answer: `${row.answer.split('####')[0]}#### 987654321` });
    fs.writeFileSync(t.datasetFile, lines.join('\n'));
    const fixed = await run(t.doc);
    assert.equal(requests(sims), sent, 'the question did not change, so its samples are reused');
    const p = fixed.perProblem.find((x) => x.problem === solved.problem)!;
    assert.equal(p.gold, '987654321');
    assert.equal(p.correct, 0, 'the problem was regraded against its new gold');
    assert.deepEqual(fixed.perProblem.filter((x) => x.problem !== solved.problem), first.perProblem.filter((x) => x.problem !== solved.problem));
  });
});

test('two recipes in one folder with the same entry name keep their own summaries', async () => {
  await withSims(1, async (sims) => {
    const a = testRecipe({ baseUrls: [sims[0]!.url], rows: 5 });
    const b: RecipeDoc = { ...a.doc, file: path.join(a.dir, 'other.recipe.yaml'), evaluate: new Map([['gsm8k-sim', { ...a.doc.evaluate.get('gsm8k-sim')!, limit: 3 }]]) };
    fs.writeFileSync(b.file, 'passk: 1\n');
    const ra = await run(a.doc);
    const rb = await run(b);
    assert.equal(ra.problems, 5);
    assert.equal(rb.problems, 3);
    assert.notEqual(ra.runDir, rb.runDir, 'two recipes never share a run folder');
    const la = (await latestRunFor(a.doc, 'gsm8k-sim'))!;
    const lb = (await latestRunFor(b, 'gsm8k-sim'))!;
    assert.equal(loadRun(la.dir).value!.summary!.problems, 5, 'the other recipe did not overwrite this summary');
    assert.equal(loadRun(lb.dir).value!.summary!.problems, 3);
    assert.equal(loadRun(la.dir).value!.manifest.recipe, a.doc.file);
    assert.equal(loadRun(lb.dir).value!.manifest.recipe, b.file);
    assert.equal(la.current && lb.current, true);
  });
});

test('a recipe with the same requests reuses the samples another recipe stored beside it', async () => {
  await withSims(1, async (sims) => {
    const a = testRecipe({ baseUrls: [sims[0]!.url], rows: 5 });
    const first = await run(a.doc);
    const sent = requests(sims);
    const b: RecipeDoc = { ...a.doc, file: path.join(a.dir, 'copy.recipe.yaml') };
    fs.writeFileSync(b.file, 'passk: 1\n');
    const copy = await run(b);
    assert.equal(requests(sims), sent, 'the copy requests nothing');
    assert.deepEqual(figures(copy), figures(first));
    assert.notEqual(copy.runDir, first.runDir);
  });
});

test('another endpoint gets new samples; run.json keeps the server that produced them', async () => {
  await withSims(2, async ([one, two]) => {
    const t = testRecipe({ baseUrls: [one!.url], rows: 4 });
    const first = await run(t.doc);
    t.doc.models.get('student')!.baseUrls = [two!.url];
    const second = await run(t.doc);
    assert.equal(two!.stats.choicesServed, 32, 'every sample was requested from the new server');
    assert.notEqual(second.runDir, first.runDir);
    assert.deepEqual(loadRun(first.runDir).value!.manifest.model.baseUrls, [one!.url]);
    assert.deepEqual(loadRun(second.runDir).value!.manifest.model.baseUrls, [two!.url]);
    assert.equal(second.config.model.endpoint, new URL(two!.url).origin);
  });
});

test('an explicit model identity declares two endpoints the same model; replicas are one endpoint', async () => {
  await withSims(2, async ([one, two]) => {
    const t = testRecipe({ baseUrls: [one!.url], rows: 4, model: { identity: 'qwen-math-1.5b' } });
    await run(t.doc);
    assert.equal(one!.stats.choicesServed, 32);
    t.doc.models.get('student')!.baseUrls = [two!.url];
    const moved = await run(t.doc);
    assert.equal(two!.stats.completionRequests, 0, 'the same declared identity reuses the samples');
    assert.equal(moved.config.model.endpoint, 'qwen-math-1.5b');
    assert.deepEqual(loadRun(moved.runDir).value!.manifest.model.baseUrls, [one!.url, two!.url], 'run.json lists every server that produced samples');
  });
  await withSims(2, async ([one, two]) => {
    const t = testRecipe({ baseUrls: [one!.url, two!.url], rows: 6 });
    await run(t.doc);
    assert.ok(one!.stats.completionRequests > 0 && two!.stats.completionRequests > 0, 'requests were spread over both replicas');
    const sent = requests([one!, two!]);
    t.doc.models.get('student')!.baseUrls = [two!.url, one!.url];
    await run(t.doc);
    assert.equal(requests([one!, two!]), sent, 'the replicas in another order are the same endpoint');
  });
});

test('moving the recipe to another folder depth, or the dataset elsewhere, reuses the samples', async () => {
  await withSims(1, async (sims) => {
    const t = testRecipe({ baseUrls: [sims[0]!.url], rows: 4 });
    const first = await run(t.doc);
    const sent = requests(sims);
    // The recipe moves one folder down and takes its .passk folder along; the dataset stays where it is.
    const sub = path.join(t.dir, 'nested', 'deeper');
    fs.mkdirSync(sub, { recursive: true });
    fs.renameSync(path.join(t.dir, '.passk'), path.join(sub, '.passk'));
    const moved: RecipeDoc = { ...t.doc, file: path.join(sub, 'sim.recipe.yaml'), dir: sub };
    fs.renameSync(t.doc.file, moved.file);
    const again = await run(moved);
    assert.equal(requests(sims), sent, 'no request after the move');
    assert.deepEqual(figures(again), figures(first));
    // A byte-identical copy of the dataset somewhere else is the same problems.
    const copy = path.join(t.dir, 'elsewhere', 'test.jsonl');
    fs.mkdirSync(path.dirname(copy));
    fs.copyFileSync(t.datasetFile, copy);
    moved.datasets.set('gsm8k', { ...moved.datasets.get('gsm8k')!, path: copy });
    const copied = await run(moved);
    assert.equal(requests(sims), sent, 'no request for a copied dataset');
    assert.deepEqual(figures(copied), figures(first));
    assert.equal((await latestRunFor(moved, 'gsm8k-sim'))!.current, true);
  });
});

test('editing one question requests that problem again and nothing else', async () => {
  await withSims(1, async (sims) => {
    const t = testRecipe({ baseUrls: [sims[0]!.url], rows: 5 });
    await run(t.doc);
    const served = sims[0]!.stats.choicesServed;
    const lines = fs.readFileSync(t.datasetFile, 'utf8').split('\n');
    const row = JSON.parse(lines[2]!) as { question: string };
    lines[2] = JSON.stringify({ ...row, question: `${row.question} (Answer in dollars.)` });
    fs.writeFileSync(t.datasetFile, lines.join('\n'));
    const edited = await run(t.doc);
    assert.equal(sims[0]!.stats.choicesServed - served, 8, 'only the edited problem was sampled again');
    assert.ok(edited.perProblem.every((p) => p.n === 8));
    // The earlier samples of the old question are kept, not lost: undoing the edit needs no request.
    fs.writeFileSync(t.datasetFile, lines.map((l, i) => (i === 2 ? JSON.stringify(row) : l)).join('\n'));
    const undone = await run(t.doc);
    assert.equal(sims[0]!.stats.choicesServed - served, 8);
    assert.equal(undone.samples, 40);
  });
});

test('every summary says which run, model, endpoint, dataset content and grader produced it', async () => {
  await withSims(1, async (sims) => {
    const t = testRecipe({ baseUrls: [sims[0]!.url], rows: 2 });
    const s = await run(t.doc);
    assert.equal(s.config.model.endpoint, new URL(sims[0]!.url).origin);
    assert.equal(s.config.model.model, 'passk-sim');
    assert.match(s.config.dataset.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(s.config.dataset.answer, { field: 'answer', extract: 'gsm8k' });
    assert.deepEqual(s.config.grader, { extract: 'auto', compare: 'math' });
    assert.equal(s.config.recipe, t.doc.file);
    assert.equal(path.basename(s.runDir).startsWith('gsm8k-sim-'), true);
    // A URL carrying userinfo or a query token: neither reaches run.json, the endpoint or the identities.
    t.doc.models.get('student')!.baseUrls = [sims[0]!.url.replace('http://', 'http://user:pw-secret@') + '?token=q-secret'];
    const plan = (await planEvaluation(t.doc, 'gsm8k-sim', undefined)).value!;
    const text = JSON.stringify(plan.manifest);
    assert.ok(!text.includes('pw-secret') && !text.includes('q-secret'), text);
    assert.equal(plan.manifest.model.endpoint, new URL(sims[0]!.url).origin);
    assert.equal(plan.runDir, s.runDir, 'userinfo and query are not part of the endpoint identity');
  });
});

test('readers without the recipe (interrupted-run reports, live views) count only the current question\'s samples', async () => {
  await withSims(1, async (sims) => {
    const t = testRecipe({ baseUrls: [sims[0]!.url], rows: 4 });
    const first = await run(t.doc);
    const best = [...first.perProblem].sort((a, b) => b.correct - a.correct)[0]!;
    assert.ok(best.correct > 0);
    // The question is replaced by one the simulator does not know, so its new samples differ from the old ones.
    const lines = fs.readFileSync(t.datasetFile, 'utf8').split('\n');
    lines[best.line] = JSON.stringify({ ...(JSON.parse(lines[best.line]!) as object), question: 'A brand-new question nobody has answered before?' });
    fs.writeFileSync(t.datasetFile, lines.join('\n'));
    const edited = await run(t.doc);
    const now = edited.perProblem.find((p) => p.problem === best.problem)!;
    assert.notEqual(now.correct, best.correct, 'the new question is answered differently');
    const stored = loadRun(edited.runDir).value!;
    const fromSamples = summarizeStoredRun(stored, edited.runDir);
    const counts = (s: RunSummary) => Object.fromEntries(s.perProblem.map((p) => [p.problem, [p.n, p.correct]]));
    assert.deepEqual(counts(fromSamples), counts(edited));
    const index = new RunSampleIndex(edited.runDir);
    index.update();
    assert.deepEqual(Object.fromEntries([...index.tallies].map(([id, tally]) => [id, [tally.n, tally.correct]])), counts(edited));
  });
});

/** The fixture's version-1 run folder copied beside its recipe in a temp folder, as an older passk left it. */
function legacyRun(baseUrl: string): { doc: RecipeDoc; summary: RunSummary } {
  const src = path.join(fixtures, 'legacy-run');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-legacy-'));
  for (const f of ['legacy.recipe.yaml', 'gsm8k.jsonl']) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  const run = path.join(dir, '.passk', 'eval', 'legacy-cd9f734a90c5');
  fs.mkdirSync(run, { recursive: true });
  for (const f of ['samples.jsonl', 'summary.json']) fs.copyFileSync(path.join(src, 'v1-run', f), path.join(run, f));
  // run.json records absolute paths and the server; they are moved to the temp folder and the server given.
  const m = JSON.parse(fs.readFileSync(path.join(src, 'v1-run', 'run.json'), 'utf8')) as { recipe: string; dataset: { path: string }; model: { baseUrls: string[] } };
  m.recipe = path.join(dir, 'legacy.recipe.yaml');
  m.dataset.path = path.join(dir, 'gsm8k.jsonl');
  m.model.baseUrls = [baseUrl];
  fs.writeFileSync(path.join(run, 'run.json'), JSON.stringify(m));
  const file = path.join(dir, 'legacy.recipe.yaml');
  const doc = analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: { PASSK_SIM_URL: baseUrl } }).value!;
  return { doc, summary: JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8')) as RunSummary };
}

test('a run folder of the format before request identities is reused for the same requests, not for another endpoint', async () => {
  await withSims(2, async ([one, two]) => {
    const old = legacyRun(one!.url);
    const r = await runEvaluation(old.doc, 'legacy', fast);
    assert.equal(one!.stats.completionRequests, 0, 'the old samples answer every request');
    assert.equal(r.value!.samples, 12);
    assert.deepEqual(r.value!.passAtK, old.summary.passAtK, 'the same figures as the old run');
    // The old folder names a server; another server is another endpoint, whose samples must be requested.
    const elsewhere = legacyRun(one!.url);
    elsewhere.doc.models.get('sim')!.baseUrls = [two!.url];
    await runEvaluation(elsewhere.doc, 'legacy', fast);
    assert.equal(two!.stats.choicesServed, 12);
  });
});
