// A throw-away folder holding a synthesis recipe (`synthesize.remix`: generate, optionally verify, solve) against
// the fake teacher of test/unit/synthesis/fake-teacher.ts, its seed dataset and, optionally, a test set to
// decontaminate against. The synthesis tests (shards, export options, Parquet, the CLI merge) all need this shape;
// one builder keeps their recipes from drifting apart as the recipe format grows, and each test states only what
// its run depends on (seeds, filters, export options, output).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRecipe } from '../../server/src/recipe';
import type { RecipeDoc } from '../../server/src/recipe/model';

export interface SynthWorkspaceOptions {
  /** The fake teacher's base URL. */
  url: string;
  /** Seed questions; seed i gets the answer `#### i`. */
  seeds: readonly string[];
  /** Prefix of the temporary folder's name. */
  prefix?: string;
  concurrency?: number;
  perSeed?: number;
  /** Adds the `check` prompt and a verify stage that accepts a "yes". */
  verify?: boolean;
  /** Lines under `filters:` (e.g. `consistency: { minAgreement: 0.75 }`); no `filters` key when absent. */
  filters?: readonly string[];
  /** Questions of a `test` dataset (answer `#### 42`), for `decontaminate`. */
  testQuestions?: readonly string[];
  /** Lines under the entry after its filters (e.g. `export: { solutions: 2 }`). */
  extra?: readonly string[];
  /** The entry's `output`, relative to the folder. */
  output?: string;
}

export interface SynthWorkspace {
  dir: string;
  /** The recipe file, `synth.recipe.yaml`. */
  file: string;
  text: string;
  /** The output's absolute path. */
  output: string;
  /** The recipe analysed (with no environment); asserts it has no error. */
  load(): RecipeDoc;
}

const jsonl = (rows: readonly object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

export function synthWorkspace(o: SynthWorkspaceOptions): SynthWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), o.prefix ?? 'passk-synth-'));
  const output = o.output ?? 'out/remix.jsonl';
  fs.writeFileSync(path.join(dir, 'seeds.jsonl'), jsonl(o.seeds.map((q, i) => ({ question: q, answer: `#### ${i}` }))));
  if (o.testQuestions) fs.writeFileSync(path.join(dir, 'test.jsonl'), jsonl(o.testQuestions.map((q) => ({ question: q, answer: '#### 42' }))));
  const lines = [
    'passk: 1',
    'models:',
    `  teacher: { baseUrl: ${o.url}, model: fake-teacher, concurrency: ${o.concurrency ?? 2} }`,
    'datasets:',
    '  seeds: { path: seeds.jsonl, question: question, answer: { field: answer, extract: gsm8k } }',
    ...(o.testQuestions ? ['  test: { path: test.jsonl, question: question, answer: { field: answer, extract: gsm8k } }'] : []),
    'prompts:',
    '  gen: "Given Question: {{ seed.question }}\\n\\nWrite the final question after FINAL CREATED QUESTION:"',
    ...(o.verify ? ['  check: \'Is this well-posed? Answer "yes" or "no". {{ question }}\''] : []),
    '  solve: "{{ question }} Solve it."',
    'synthesize:',
    '  remix:',
    '    seeds: seeds',
    `    perSeed: ${o.perSeed ?? 2}`,
    "    generate: { model: teacher, prompt: gen, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }",
    ...(o.verify ? ["    verify: { model: teacher, prompt: check, accept: '^\\s*yes' }"] : []),
    '    solve: { model: teacher, prompt: solve, samples: 4 }',
    ...(o.filters ? ['    filters:', ...o.filters.map((f) => `      ${f}`)] : []),
    ...(o.extra ?? []).map((l) => `    ${l}`),
    `    output: ${output}`,
  ];
  const text = lines.join('\n') + '\n';
  const file = path.join(dir, 'synth.recipe.yaml');
  fs.writeFileSync(file, text);
  return {
    dir, file, text, output: path.join(dir, output),
    load: () => {
      const r = analyzeRecipe(text, { file, env: {} });
      assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
      return r.value;
    },
  };
}
