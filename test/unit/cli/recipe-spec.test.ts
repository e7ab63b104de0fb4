// The one reader of `recipe#entry` arguments (server/src/cli/recipe-spec.ts), shared by `passk compare` and
// `passk merge`: a whole argument that is an existing file is a recipe even when its name holds a '#'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRecipeSpec } from '../../../server/src/cli/recipe-spec';

test('recipe#entry splits at the last #, unless the whole argument is an existing file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-spec-'));
  try {
    fs.writeFileSync(path.join(dir, 'plain.recipe.yaml'), 'passk: 1\n');
    fs.mkdirSync(path.join(dir, 'run#2'));
    fs.writeFileSync(path.join(dir, 'run#2', 'a#b.recipe.yaml'), 'passk: 1\n');
    assert.deepEqual(readRecipeSpec(dir, 'plain.recipe.yaml#main'), { file: 'plain.recipe.yaml', entry: 'main' });
    assert.deepEqual(readRecipeSpec(dir, 'plain.recipe.yaml'), { file: 'plain.recipe.yaml', entry: undefined });
    assert.deepEqual(readRecipeSpec(dir, 'plain.recipe.yaml', 'flag'), { file: 'plain.recipe.yaml', entry: 'flag' });
    // A '#' in the file or folder name: the existing file is the recipe, and the flag (if any) names the entry.
    assert.deepEqual(readRecipeSpec(dir, 'run#2/a#b.recipe.yaml'), { file: 'run#2/a#b.recipe.yaml', entry: undefined });
    assert.deepEqual(readRecipeSpec(dir, 'run#2/a#b.recipe.yaml', 'flag'), { file: 'run#2/a#b.recipe.yaml', entry: 'flag' });
    assert.deepEqual(readRecipeSpec(dir, path.join(dir, 'run#2', 'a#b.recipe.yaml')), { file: path.join(dir, 'run#2', 'a#b.recipe.yaml'), entry: undefined });
    // With an entry after it, the last '#' splits, whatever the name holds before it.
    assert.deepEqual(readRecipeSpec(dir, 'run#2/a#b.recipe.yaml#main', 'flag'), { file: 'run#2/a#b.recipe.yaml', entry: 'main' });
    // A leading '#' is a name, not an empty file with an entry.
    assert.deepEqual(readRecipeSpec(dir, '#main'), { file: '#main', entry: undefined });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
