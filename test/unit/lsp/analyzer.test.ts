// The server's analyzer parses a document's first version whole and, given `primeLater`, fills the document's
// incremental parser afterwards; every version after that must get exactly what a fresh whole analysis gives,
// whether the priming ran before it, after it, or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import { makeAnalyzer } from '../../../server/src/lsp/analyzer';
import { DEMO_RECIPE } from '../../lsp/workspace';
import { repoRoot } from '../../helpers/paths';

const file = path.join(repoRoot, 'test', 'fixtures', 'recipes', 'demo.recipe.yaml');
const uri = 'file:///demo.recipe.yaml';
const versions = [DEMO_RECIPE, DEMO_RECIPE.replace('samples: 4', 'samples: 8'), DEMO_RECIPE.replace('prompt: cot', 'prompt: nope'), DEMO_RECIPE];
const fresh = (text: string) => analyzeRecipe(text, { file, env: {} }).problems;

for (const order of ['primed first', 'primed late', 'never primed'] as const) {
  test(`each version gets a whole analysis's problems when the first version's parser is ${order}`, () => {
    const tasks: Array<() => void> = [];
    const analyze = makeAnalyzer({}, { primeLater: (task) => tasks.push(task) });
    for (const [i, text] of versions.entries()) {
      if (i === 1 && order === 'primed first') tasks.splice(0).forEach((t) => t());
      const out = analyze({ uri, file, text, version: i + 1 });
      assert.deepEqual(out.problems, fresh(text), `version ${i + 1}`);
      if (i === 2 && order === 'primed late') tasks.splice(0).forEach((t) => t());
    }
    // Only the document's first version asks for priming.
    assert.equal(tasks.length, order === 'never primed' ? 1 : 0);
  });
}
