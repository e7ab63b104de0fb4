// The editor's cached run views follow every part of the configuration a figure depends on. The cache key once
// left out the endpoint and `expect`: pointing a model at another server kept the first server's figures on the
// CodeLens as current, because the cached view was reused while the run folder did not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runEvaluation } from '../../../server/src/eval';
import { RunViewCache } from '../../../server/src/insights';
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
