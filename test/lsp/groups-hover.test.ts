// The hover on an evaluation's `groupBy` over real stdio: after a run (made with the engine in-process against the
// simulator on 127.0.0.1), it shows one table per field with each value's problem count and figures, the same as
// the run summary's `groups`.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { runEvaluation } from '../../server/src/eval';
import { percent } from '../../server/src/insights';
import { analyzeRecipe } from '../../server/src/recipe';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { startSimulator } from '../../server/src/sim/simulator';
import { dataDir } from '../helpers/paths';
import { LspClient, positionOf } from './harness';
import { makeWorkspace } from './workspace';

const mathFile = path.join(dataDir, 'math', 'test.jsonl');
const ws = makeWorkspace({ 'math.jsonl': fs.readFileSync(mathFile, 'utf8').split('\n').slice(0, 24).join('\n') + '\n' });
after(() => ws.remove());

test('hovering groupBy shows the run\'s breakdown by each field', async () => {
  const sim = await startSimulator({ problems: loadSimProblems(mathFile) });
  const c = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  try {
    const text = `passk: 1
models:
  sim: { baseUrl: "${sim.url}", model: passk-sim, concurrency: 8 }
datasets:
  math: { path: math.jsonl, question: problem, id: idx, answer: { field: solution, extract: boxed } }
prompts:
  p: "{{ question }}"
evaluate:
  ev: { model: sim, dataset: math, prompt: p, samples: 4, k: [1, 4], seed: 2, groupBy: [type, level] }
`;
    const file = ws.write('g.recipe.yaml', text);
    const run = await runEvaluation(analyzeRecipe(text, { file, env: {} }).value, 'ev', { env: {}, retryBaseMs: 2 });
    const summary = run.value!;
    assert.equal(summary.complete, true);
    c.open(ws.uri('g.recipe.yaml'), text);
    const hover = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: ws.uri('g.recipe.yaml') }, position: positionOf(text, 'groupBy', 0, 2) });
    const md = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.ok(md.startsWith('**ev** — figures by group (24 problems × 4 samples)'), md);
    assert.deepEqual(summary.groups!.map((g) => g.field), ['type', 'level']);
    for (const g of summary.groups!) {
      assert.ok(md.includes(`| ${g.field} | problems | pass@1 | pass@4 | maj@4 |`), md);
      for (const r of g.rows) assert.ok(md.includes(`| ${r.value} | ${r.problems} | ${percent(r.passAtK['1'])} [`), `${g.field} ${r.value}`);
    }
    // Elsewhere in the recipe the field docs answer as before.
    const other = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri: ws.uri('g.recipe.yaml') }, position: positionOf(text, 'samples: 4', 0, 2) });
    assert.match((other!.contents as { value: string }).value, /Completions sampled per problem/);
  } finally {
    await c.stop();
    await sim.close();
  }
});
