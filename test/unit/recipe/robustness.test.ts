// analyzeRecipe and locate must never throw or hang, whatever the text: random bytes, every truncation of a
// valid recipe, a recipe at the size limit and one past it, 1000-deep nesting. Each run must also return
// problems where the text is broken, so "nothing happened" cannot pass for robustness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import { locate } from '../../../server/src/recipe/locate';
import { MAX_RECIPE_CHARS } from '../../../server/src/recipe/recipe-limits';
import { fixtures } from '../../helpers/paths';

const FILE = path.join(fixtures, 'recipes', 'full.recipe.yaml');
const FULL = fs.readFileSync(FILE, 'utf8');

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function check(text: string): number {
  const r = analyzeRecipe(text, { file: FILE, env: {} });
  assert.ok(r.value && Array.isArray(r.problems));
  for (const p of r.problems) {
    assert.ok(typeof p.code === 'string' && p.message.length > 0);
    if (p.span && !p.file) assert.ok(p.span.start >= 0 && p.span.end >= p.span.start && p.span.end <= text.length, `span in text: ${p.code}`);
  }
  assert.ok(!r.problems.some((p) => p.code === 'recipe/internal'), `no internal failure: ${r.problems.find((p) => p.code === 'recipe/internal')?.message}`);
  return r.problems.length;
}

test('random byte strings give problems, not exceptions', () => {
  const next = rng(42);
  for (let n = 0; n < 200; n++) {
    const len = Math.floor(next() * 400);
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(next() * (next() < 0.7 ? 128 : 65536)));
    check(s);
  }
  assert.ok(check('\u0000\u0001\uFFFF\uD800 garbage: [\n{') > 0);
});

test('every 7th prefix of the full recipe analyses without throwing', () => {
  let withProblems = 0;
  for (let i = 0; i <= FULL.length; i += 7) {
    if (check(FULL.slice(0, i)) > 0) withProblems++;
    const loc = locate(FULL.slice(0, i), i);
    assert.ok(Array.isArray(loc.path));
  }
  assert.ok(withProblems > 0);
});

function promptRecipe(chars: number): string {
  const lines = ['passk: 1', 'prompts:'];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const line = `  p${i}: "Solve {{ question }} carefully, step by step, and write the answer number ${i}."`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

test('a recipe just under the size limit is analysed whole; a 5 MB recipe gets one recipe/too-large problem', () => {
  const under = promptRecipe(MAX_RECIPE_CHARS - 200);
  assert.ok(under.length <= MAX_RECIPE_CHARS);
  const r = analyzeRecipe(under, { file: FILE, env: {} });
  assert.deepEqual(r.problems, []);
  assert.ok(r.value.prompts.size > 10000);
  const text = promptRecipe(5_000_000);
  assert.ok(text.length >= 5_000_000);
  const big = analyzeRecipe(text, { file: FILE, env: {} });
  assert.deepEqual(big.problems.map((p) => [p.code, p.span]), [['recipe/too-large', { start: 0, end: 0 }]]);
});

test('1000-deep nesting (block and flow) gives problems, not a stack overflow', () => {
  const flow = `passk: 1\nmodels: ${'['.repeat(1000)}${']'.repeat(1000)}\n`;
  assert.ok(check(flow) > 0);
  const block = `passk: 1\nname:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')}\n`;
  assert.ok(check(block) > 0);
  const deepTemplate = `passk: 1\nprompts:\n  p: "${'{% if a %}'.repeat(1000)}x${'{% endif %}'.repeat(1000)}"\n`;
  check(deepTemplate);
});

test('a recipe of aliases (billion laughs) is refused by the YAML limits, not expanded', () => {
  const lol = `passk: 1\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`;
  assert.ok(check(lol) > 0);
});
