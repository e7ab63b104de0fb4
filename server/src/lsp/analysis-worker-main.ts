// Entry point of dist/analysis-worker.js, the bundle the language server starts as its analysis worker thread
// (background-analyzer.ts). It holds the recipe core and the worker loop only, so it loads in a fraction of the
// time of the whole server bundle; `${env:…}` resolves against the server's environment as it was when the
// worker started (the session key had been taken out of it, see main.ts).
//
// Until the first request comes, the worker warms up on generated recipes (warm-up-recipe.ts), one small round
// per turn of the event loop, so a request that arrives is taken at the next turn and never waits for more than
// one round. The warm-up recipes are analysed without dataset checks, so they read no file.
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRecipe } from '../recipe';
import { runAnalysisWorker } from './analysis-worker';
import { makeAnalyzer } from './analyzer';
import { warmUpRecipe } from './warm-up-recipe';

/**
 * Rounds of warm-up at most, each a recipe of about 200 lines: the first (cold) round takes about a tenth of a
 * second, later ones a few tens of milliseconds, so a request arriving mid-round waits little, and a server that
 * takes half a second to start gets most of the rounds in.
 */
const WARM_UP_ROUNDS = 16;
const WARM_UP_ENTRIES = 4;

let requested = false;
runAnalysisWorker(makeAnalyzer(process.env, { primeLater: (task) => setImmediate(task) }), () => {
  requested = true;
});

const warmUp = (round: number) => {
  if (requested || round >= WARM_UP_ROUNDS) return;
  analyzeRecipe(warmUpRecipe(round, WARM_UP_ENTRIES), { file: path.join(os.tmpdir(), 'passk-warm-up.recipe.yaml'), env: {}, skipDatasets: true });
  setImmediate(warmUp, round + 1);
};
setImmediate(warmUp, 0);
