// The editor's live view of a run (in progress, or killed before its summary) counts the samples the run's
// summary would count: after `samples` was lowered, only the first `samples` of each problem, as the engine does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runEvaluation } from '../../../server/src/eval';
import { loadEvalRunView, RunViewCache } from '../../../server/src/insights';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { startSimulator } from '../../../server/src/sim/simulator';
import { dataDir } from '../../helpers/paths';
import { testRecipe } from '../eval/recipe-doc';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

test('a live view after lowering samples counts the first samples of each problem only', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const big = testRecipe({ baseUrls: [sim.url], rows: 4, evaluate: { samples: 8, k: [1, 4, 8] } });
    await runEvaluation(big.doc, 'gsm8k-sim', { env: {}, retryBaseMs: 2 });
    const def = big.doc.evaluate.get('gsm8k-sim')!;
    const small = { ...big.doc, evaluate: new Map([['gsm8k-sim', { ...def, samples: 4, k: [1, 4] }]]) };
    const run = (await runEvaluation(small, 'gsm8k-sim', { env: {}, retryBaseMs: 2 })).value!;
    assert.deepEqual(run.perProblem.map((p) => p.n), [4, 4, 4, 4]);
    fs.rmSync(path.join(run.runDir, 'summary.json'));
    for (const cache of [undefined, new RunViewCache()]) {
      const view = (await loadEvalRunView(small, 'gsm8k-sim', cache ? { cache } : {})).value!;
      assert.equal(view.live, true);
      assert.deepEqual(view.summary.perProblem.map((p) => p.n), [4, 4, 4, 4], cache ? 'with the editor\'s cache' : 'read afresh');
      assert.equal(view.summary.passAtK['1'], run.passAtK['1']);
    }
  } finally {
    await sim.close();
  }
});
