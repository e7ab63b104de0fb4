// Which synthesis journal a run reuses (docs/runs.md): the candidates of one server are never taken for another
// server's, and a synthesis run folder belongs to one recipe file and entry, as evaluation folders do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe';
import { runSynthesis } from '../../../server/src/synthesis/run-synthesis';
import { planSynthesis } from '../../../server/src/synthesis/synth-plan';
import { loadSynthRunView } from '../../../server/src/insights/load-run-view';
import { startFakeTeacher } from './fake-teacher';

function recipe(url: string, entry = 'remix', identity = ''): string {
  return `passk: 1
models:
  teacher: { baseUrl: ${url}, model: fake-teacher, concurrency: 2${identity} }
datasets:
  seeds: { path: seeds.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  gen: "Given Question: {{ seed.question }}\\n\\nWrite the final question after FINAL CREATED QUESTION:"
  solve: "{{ question }} Solve it."
synthesize:
  "${entry}":
    seeds: seeds
    perSeed: 1
    generate: { model: teacher, prompt: gen, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }
    solve: { model: teacher, prompt: solve, samples: 2 }
    output: out/remix.jsonl
`;
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-synth-id-'));
  const seeds = ['Tom has 3 apples and buys 4 more. How many apples does he have?', 'Mia earns $8 an hour and works 5 hours. How much does she earn?'];
  fs.writeFileSync(path.join(dir, 'seeds.jsonl'), seeds.map((q, i) => JSON.stringify({ question: q, answer: `#### ${i}` })).join('\n') + '\n');
  return dir;
}

const load = (file: string, text: string) => {
  const r = analyzeRecipe(text, { file, env: {} });
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  return r.value;
};

test('a synthesis switched to another server asks that server instead of reusing the first one\'s candidates', async () => {
  const a = await startFakeTeacher();
  const b = await startFakeTeacher();
  try {
    const dir = workspace();
    const file = path.join(dir, 'synth.recipe.yaml');
    const first = await runSynthesis(load(file, recipe(a.url)), 'remix', { env: {}, retryBaseMs: 1 });
    assert.equal(first.value?.candidates, 2, JSON.stringify(first.problems));
    const second = await runSynthesis(load(file, recipe(b.url)), 'remix', { env: {}, retryBaseMs: 1 });
    assert.equal(second.value?.candidates, 2, JSON.stringify(second.problems));
    assert.ok(b.requests > 0, 'the new server answered the new run');
    assert.notEqual(second.value!.runDir, first.value!.runDir);
    // Declaring that both serve the same model shares the journal again.
    const same = ', identity: teacher@v1';
    await runSynthesis(load(file, recipe(a.url, 'remix', same)), 'remix', { env: {}, retryBaseMs: 1 });
    const before = b.requests;
    await runSynthesis(load(file, recipe(b.url, 'remix', same)), 'remix', { env: {}, retryBaseMs: 1 });
    assert.equal(b.requests, before, 'one declared identity, one journal');
  } finally {
    await a.close();
    await b.close();
  }
});

test('synthesis run folders belong to one recipe file and entry', async () => {
  const dir = workspace();
  const url = 'http://127.0.0.1:9/v1';
  const plan = async (name: string, entry: string) => (await planSynthesis(load(path.join(dir, name), recipe(url, entry)), entry, undefined)).value!.runDir;
  assert.notEqual(await plan('a.recipe.yaml', 'remix'), await plan('b.recipe.yaml', 'remix'));
  assert.notEqual(await plan('a.recipe.yaml', 'gsm 8k'), await plan('a.recipe.yaml', 'gsm_8k'));
  assert.equal(await plan('a.recipe.yaml', 'remix'), await plan('a.recipe.yaml', 'remix'));
});

test('the editor shows a recipe\'s own synthesis summary, never that of another recipe beside it', async () => {
  const teacher = await startFakeTeacher();
  try {
    const dir = workspace();
    const a = load(path.join(dir, 'a.recipe.yaml'), recipe(teacher.url));
    const b = load(path.join(dir, 'b.recipe.yaml'), recipe(teacher.url));
    const ran = await runSynthesis(a, 'remix', { env: {}, retryBaseMs: 1 });
    assert.equal(ran.value?.candidates, 2, JSON.stringify(ran.problems));
    assert.equal(loadSynthRunView(a, 'remix')?.summary.candidates, 2);
    assert.equal(loadSynthRunView(b, 'remix'), undefined, 'b.recipe.yaml has not synthesised anything');
  } finally {
    await teacher.close();
  }
});

test('a synthesis recipe moved to another folder depth, seeds unchanged, keeps its fingerprint', async () => {
  const dir = workspace();
  fs.mkdirSync(path.join(dir, 'deeper'));
  const url = 'http://127.0.0.1:9/v1';
  const here = (await planSynthesis(load(path.join(dir, 'a.recipe.yaml'), recipe(url)), 'remix', undefined)).value!;
  const moved = recipe(url).replace('path: seeds.jsonl', 'path: ../seeds.jsonl');
  const there = (await planSynthesis(load(path.join(dir, 'deeper', 'a.recipe.yaml'), moved), 'remix', undefined)).value!;
  assert.equal(there.seeds.length, 2);
  assert.equal(there.fingerprint, here.fingerprint);
});
