// A RecipeDoc is plain data: the analysis worker sends it to the server's main thread by structured clone, and
// the copy must serve every feature exactly as the original does. The recipes here cover every YAML scalar style
// a prompt can be written in, so each kind of template offset map (a shift, a scalar's raw text, a table) is
// checked to map every template offset to the same recipe offset after the copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import type { RecipeDoc, TemplateSource } from '../../../server/src/recipe/model';
import { docSpan, plainTemplateSource } from '../../../server/src/template/template-source';
import { repoRoot } from '../../helpers/paths';

const RECIPES = [
  ...fs.readdirSync(path.join(repoRoot, 'examples')).filter((f) => f.endsWith('.recipe.yaml')).map((f) => path.join(repoRoot, 'examples', f)),
  path.join(repoRoot, 'test', 'grammar', 'fixtures', 'templates-and-scalars.recipe.yaml'),
];

function templatesOf(doc: RecipeDoc): TemplateSource[] {
  return [...doc.prompts.values()].flatMap((p) => (p.system ? [p.system, p.user] : [p.user]));
}

for (const file of RECIPES) {
  test(`the document of ${path.basename(file)} survives a structured clone with every offset map intact`, () => {
    const doc = analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: {}, skipDatasets: true }).value;
    const copy = structuredClone(doc);
    assert.deepEqual(copy, doc);
    const before = templatesOf(doc);
    const after = templatesOf(copy);
    assert.ok(before.length > 0, 'the recipe has prompts');
    for (const [i, src] of before.entries()) {
      const cloned = after[i]!;
      for (let at = 0; at <= src.source.length; at++) assert.deepEqual(docSpan(cloned, at, at + 1), docSpan(src, at, at + 1), `${src.source.slice(0, 20)}… offset ${at}`);
    }
    // References still point at the entries of the copy, not at copies of their own.
    for (const ref of copy.references) if (ref.target) assert.ok([...copy.models.values(), ...copy.datasets.values(), ...copy.prompts.values()].includes(ref.target as never));
  });
}

test('the fixture exercises a raw-text map, which a clone must carry without the table built from it', () => {
  const file = RECIPES[RECIPES.length - 1]!;
  const doc = analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: {}, skipDatasets: true }).value;
  const kinds = new Set(templatesOf(doc).map((t) => t.map.kind));
  assert.deepEqual([...kinds].sort(), ['scalar', 'shift']);
  // A table built for the original (on first use) is not part of the document, so the copy stays small.
  const scalar = templatesOf(doc).find((t) => t.map.kind === 'scalar')!;
  docSpan(scalar, 0, 1);
  assert.equal(JSON.stringify(structuredClone(scalar)), JSON.stringify(scalar));
});

test('a template outside YAML maps by a shift, clamped to its own text', () => {
  const src = plainTemplateSource('{{ question }}', 10);
  assert.deepEqual(docSpan(src, 3, 11), { start: 13, end: 21 });
  assert.deepEqual(docSpan(src, -5, 100), { start: 10, end: 24 });
  assert.deepEqual(docSpan(src, 5, 2), { start: 15, end: 15 });
});
