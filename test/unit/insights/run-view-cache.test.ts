// The editor's one run-view cache (server/src/insights/run-view-cache.ts). Its views follow every part of the
// configuration a figure depends on (the key once left out the endpoint and `expect`: pointing a model at another
// server kept the first server's figures on the CodeLens as current), and its invalidation story holds: a
// rewritten summary.json makes a new view, samples appended to a run folder reach the index and the live view,
// every kind stays within its LRU bound, and forget(file) drops exactly that recipe's views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEvaluation } from '../../../server/src/eval';
import { RunViewCache } from '../../../server/src/insights';
import { LruMap } from '../../../server/src/insights/lru-map';
import { writeRunSummary } from '../../../server/src/runs';
import type { RecipeDoc } from '../../../server/src/recipe/model';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { startSimulator } from '../../../server/src/sim/simulator';
import { dataDir } from '../../helpers/paths';
import { testRecipe } from '../eval/recipe-doc';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

function withModel(doc: RecipeDoc, change: Record<string, unknown>): RecipeDoc {
  const m = doc.models.get('student')!;
  return { ...doc, models: new Map([['student', { ...m, ...change }]]) };
}

function withEntry(doc: RecipeDoc, change: Record<string, unknown>): RecipeDoc {
  const d = doc.evaluate.get('gsm8k-sim')!;
  return { ...doc, evaluate: new Map([['gsm8k-sim', { ...d, ...change }]]) };
}

test('a cached view is not reused for another endpoint or other expect thresholds', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const t = testRecipe({ baseUrls: [sim.url], rows: 4 });
    await runEvaluation(t.doc, 'gsm8k-sim', { env: {}, retryBaseMs: 2 });
    const store = new RunViewCache();
    assert.equal((await store.view(t.doc, 'gsm8k-sim', 'latest'))?.current, true);
    const moved = withModel(t.doc, { baseUrls: ['http://127.0.0.1:9/v1'] });
    assert.equal((await store.view(moved, 'gsm8k-sim', 'latest'))?.current, false, 'another server has not produced these figures');
    assert.equal((await store.view(t.doc, 'gsm8k-sim', 'latest'))?.current, true);
    const declared = withModel(t.doc, { identity: 'sim@v2' });
    assert.equal((await store.view(declared, 'gsm8k-sim', 'latest'))?.current, false, 'a declared identity is another endpoint');
    const expecting = withEntry(t.doc, { expect: { 'pass@1': 0.99 } });
    assert.equal((await store.view(expecting, 'gsm8k-sim', 'latest'))?.current, false, 'the stored checks are of other thresholds');
  } finally {
    await sim.close();
  }
});

/** A recipe with a finished run of `rows` problems against the simulator (its own temporary folder). */
async function finishedRun(url: string, rows = 4) {
  const t = testRecipe({ baseUrls: [url], rows, evaluate: { samples: 4, k: [1, 2, 4] } });
  await runEvaluation(t.doc, 'gsm8k-sim', { env: {}, retryBaseMs: 2 });
  return t;
}

/** Past the time a view is trusted without looking at its run folder (RECHECK_MS in run-view-cache.ts). */
const pastRecheck = () => new Promise((r) => setTimeout(r, 1100));

test('a rewritten summary.json makes a new view with its figures; an untouched one keeps the view', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const t = await finishedRun(sim.url);
    const cache = new RunViewCache();
    const first = await cache.view(t.doc, 'gsm8k-sim', 'latest');
    assert.ok(first);
    await pastRecheck();
    assert.equal(await cache.view(t.doc, 'gsm8k-sim', 'latest'), first, 'nothing changed: the same view');
    writeRunSummary(first.summary.runDir, { ...first.summary, updated: '2030-01-01T00:00:00.000Z' });
    await pastRecheck();
    const second = await cache.view(t.doc, 'gsm8k-sim', 'latest');
    assert.notEqual(second, first);
    assert.equal(second?.summary.updated, '2030-01-01T00:00:00.000Z');
  } finally {
    await sim.close();
  }
});

test('samples appended to a run folder reach its index and the live view, read incrementally', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const t = await finishedRun(sim.url);
    const cache = new RunViewCache();
    const runDir = (await cache.view(t.doc, 'gsm8k-sim', 'latest'))!.summary.runDir;
    const file = path.join(runDir, 'samples.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
    assert.equal(lines.length, 16);
    // The run as it was half-way: the first eight samples, then the rest arriving while the view is live.
    fs.writeFileSync(file, lines.slice(0, 8).map((l) => `${l}\n`).join(''));
    cache.setActive(t.doc, 'gsm8k-sim', true);
    const half = await cache.view(t.doc, 'gsm8k-sim', 'latest');
    assert.equal(half?.live, true);
    assert.equal(half?.summary.perProblem.reduce((n, p) => n + p.n, 0), 8);
    const index = cache.index(runDir);
    fs.appendFileSync(file, lines.slice(8).map((l) => `${l}\n`).join(''));
    // A live view, too, is trusted for a second: refreshes while samples arrive come at most once a second.
    assert.equal(await cache.view(t.doc, 'gsm8k-sim', 'latest'), half);
    await pastRecheck();
    const all = await cache.view(t.doc, 'gsm8k-sim', 'latest');
    assert.equal(all?.summary.perProblem.reduce((n, p) => n + p.n, 0), 16);
    assert.equal(cache.index(runDir), index, 'the same index, brought up to date');
    assert.equal(cache.sizes().indexes, 1);
  } finally {
    await sim.close();
  }
});

test('every kind stays within its LRU bound, and the least recently used goes first', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-lru-'));
  const cache = new RunViewCache({ indexes: 2, summaries: 2, views: 2, plans: 2, estimates: 2 });
  const [a, b, c] = ['a', 'b', 'c'].map((n) => path.join(root, n));
  const ia = cache.index(a!);
  cache.index(b!);
  assert.equal(cache.index(a!), ia, 'a is used again, so b is now the least recently used');
  cache.index(c!);
  assert.equal(cache.sizes().indexes, 2);
  assert.equal(cache.index(a!), ia, 'a stayed');
  const summary = { entry: 'e' } as never;
  for (const f of ['1', '2', '3']) cache.rememberSummary(f, { stamp: 's', summary });
  assert.equal(cache.sizes().summaries, 2);
  assert.equal(cache.recallSummary('1', 's'), undefined, 'the oldest summary went');
  assert.equal(cache.recallSummary('3', 's'), summary);
  assert.equal(cache.recallSummary('3', 'other stamp'), undefined, 'a summary is recalled only with its stamp');
  // Views, plans and estimates of three recipes (without runs: a view of nothing is cached too) keep to two each.
  const t = testRecipe({ baseUrls: ['http://127.0.0.1:9/v1'], rows: 2 });
  for (const n of ['x', 'y', 'z']) {
    const doc = { ...t.doc, file: path.join(t.dir, `${n}.recipe.yaml`) };
    assert.equal(await cache.view(doc, 'gsm8k-sim', 'latest'), undefined);
    await cache.plan(doc, 'gsm8k-sim');
    assert.equal(cache.estimate(doc, 'gsm8k-sim', () => undefined), undefined, 'an estimate is computed in the background');
  }
  assert.deepEqual(cache.sizes(), { summaries: 2, indexes: 2, plans: 2, views: 2, estimates: 2 });
});

test('the LRU map drops the least recently used entry past its capacity', () => {
  const m = new LruMap<string, number>(2);
  m.set('a', 1);
  m.set('b', 2);
  assert.equal(m.get('a'), 1);
  m.set('c', 3);
  assert.deepEqual([...m.keys()], ['a', 'c']);
  m.clear((k) => k === 'a');
  assert.deepEqual([...m.keys()], ['c']);
});

test('forget(file) drops exactly the views of that recipe', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const one = await finishedRun(sim.url);
    const two = await finishedRun(sim.url);
    const cache = new RunViewCache();
    const v1 = await cache.view(one.doc, 'gsm8k-sim', 'latest');
    const v2 = await cache.view(two.doc, 'gsm8k-sim', 'latest');
    assert.ok(v1 && v2);
    assert.equal(cache.sizes().views, 2);
    cache.forget(one.doc.file);
    assert.equal(cache.sizes().views, 1);
    assert.equal(await cache.view(two.doc, 'gsm8k-sim', 'latest'), v2, 'the other recipe keeps its view');
    const again = await cache.view(one.doc, 'gsm8k-sim', 'latest');
    assert.notEqual(again, v1, 'the forgotten recipe is read again');
    assert.deepEqual(again?.summary.passAtK, v1.summary.passAtK);
    cache.forget();
    assert.equal(cache.sizes().views, 0);
  } finally {
    await sim.close();
  }
});
