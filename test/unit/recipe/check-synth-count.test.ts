// `check` knows a synthesis target's arithmetic: seeds × perSeed below `count` is a positioned warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe';
import { repoRoot } from '../../helpers/paths';

function recipe(perSeed: number, count: number): string {
  return `passk: 1
models:
  t: { baseUrl: http://127.0.0.1:9/v1, model: m }
datasets:
  seeds: { path: seeds.jsonl, question: q, answer: { field: a, extract: last-number } }
prompts:
  p: "{{ seed.question }}"
synthesize:
  s:
    seeds: seeds
    perSeed: ${perSeed}
    count: ${count}
    generate: { model: t, prompt: p }
    solve: { model: t, prompt: p }
    output: out.jsonl
`;
}

function analyze(text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-count-'));
  fs.writeFileSync(path.join(dir, 'seeds.jsonl'), Array.from({ length: 7 }, (_, i) => JSON.stringify({ q: `Q${i}?`, a: String(i) })).join('\n') + '\n');
  return analyzeRecipe(text, { file: path.join(dir, 'r.recipe.yaml'), env: {} }).problems.filter((p) => p.code === 'recipe/count-unreachable');
}

test('count above seeds × perSeed is a warning at the count value, with the numbers and the perSeed needed', () => {
  const text = recipe(4, 30);
  const [p, ...more] = analyze(text);
  assert.equal(more.length, 0);
  assert.equal(p?.severity, 'warning');
  assert.equal(text.slice(p!.span!.start, p!.span!.end), '30');
  assert.match(p!.message, /7 seed problems × perSeed 4 make at most 28 candidates/);
  assert.match(p!.message, /at least 5/);
});

test('a reachable count is not flagged', () => {
  assert.deepEqual(analyze(recipe(5, 35)), []);
});

test('the xwin example can reach its own target', () => {
  const file = path.join(repoRoot, 'examples', 'xwin-gsm8k.recipe.yaml');
  const r = analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: {} });
  assert.deepEqual(r.problems.filter((p) => p.code === 'recipe/count-unreachable'), []);
  assert.ok(r.value.synthesize.get('gsm8k-960k')!.perSeed * 7473 >= 960000);
});
