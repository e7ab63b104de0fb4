// The full example recipe (adapted to fixture data paths) is clean, and the RecipeDoc built from it carries the
// values, defaults, resolved paths, references and spans that the LSP and the runs engine rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import { fixtures } from '../../helpers/paths';

const FILE = path.join(fixtures, 'recipes', 'full.recipe.yaml');
const TEXT = fs.readFileSync(FILE, 'utf8');
const slice = (s: { start: number; end: number }) => TEXT.slice(s.start, s.end);

test('the full example recipe has no problems, even with no environment', () => {
  const r = analyzeRecipe(TEXT, { file: FILE, env: {} });
  assert.deepEqual(r.problems, []);
});

test('the RecipeDoc holds the written values, table defaults and resolved paths', () => {
  const { value: doc } = analyzeRecipe(TEXT, { file: FILE, env: { OPENAI_API_KEY: 'sk-secret' } });
  assert.equal(doc.version, 1);
  assert.equal(doc.name, 'xwin-gsm8k');
  assert.deepEqual([...doc.models.keys()], ['teacher', 'student']);
  const teacher = doc.models.get('teacher')!;
  assert.deepEqual(teacher.baseUrls, ['https://api.openai.com/v1']);
  assert.equal(teacher.apiKeyTemplate, '${env:OPENAI_API_KEY:sk-not-set}', 'the key stays unresolved');
  assert.ok(!JSON.stringify(doc, (k, v) => (v instanceof Map ? [...v.values()] : k === 'target' ? undefined : v)).includes('sk-secret'));
  assert.deepEqual([teacher.concurrency, teacher.rpm, teacher.tpm, teacher.maxRetries, teacher.price], [32, 500, 300000, 6, { inputPerMTok: 10, outputPerMTok: 30 }]);
  const student = doc.models.get('student')!;
  assert.deepEqual([student.api, student.concurrency, student.timeoutSeconds, student.batch], ['completions', 8, 600, false]);
  assert.equal(slice(student.nameSpan), 'student');
  const math = doc.datasets.get('math-test')!;
  assert.equal(math.path, path.join(fixtures, 'data', 'math-test.jsonl'));
  assert.equal(slice(math.pathSpan), '../data/math-test.jsonl');
  assert.deepEqual([math.id, math.question, math.answer], ['idx', 'problem', { field: 'solution', extract: 'boxed' }]);
  const cot = doc.prompts.get('vicuna-cot')!;
  assert.match(cot.system!.source, /^A chat between/);
  assert.ok(cot.user.source.startsWith('{{ question }}\nGive'));
  const e = doc.evaluate.get('gsm8k-7b')!;
  assert.deepEqual([e.samples, e.temperature, e.topP, e.maxTokens, e.seed, e.k, e.grader, e.expect], [256, 0.7, 1, 1024, 1234, [1, 8, 64, 256], { extract: 'auto', compare: 'math' }, { 'pass@1': 0.4 }]);
  assert.equal(e.model.target?.name, 'student');
  assert.equal(e.prompt.target, cot);
  const s = doc.synthesize.get('gsm8k-960k')!;
  assert.equal(s.seeds.target?.name, 'gsm8k-train');
  assert.equal(s.generate.parse, 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$');
  assert.equal(s.verify?.accept, '^\\s*(yes|valid)');
  assert.deepEqual([s.perSeed, s.count, s.solve.samples, s.solve.temperature], [4, 16, 4, 1]);
  assert.deepEqual(s.filters.decontaminate?.against.map((r) => r.target?.name), ['gsm8k-test', 'math-test']);
  assert.deepEqual(s.filters.dedup, { ngram: 5, threshold: 0.9, againstSeeds: true });
  assert.equal(s.output, path.join(fixtures, 'recipes', 'out', 'gsm8k-960k.jsonl'));
  assert.deepEqual(s.grader, { extract: 'auto', compare: 'math' });
});

test('every reference is recorded with its span and resolved target', () => {
  const { value: doc } = analyzeRecipe(TEXT, { file: FILE, env: {} });
  assert.equal(doc.references.length, 12);
  for (const r of doc.references) {
    assert.equal(slice(r.span), r.name);
    assert.ok(r.target, `${r.kind} ${r.name} resolves`);
    assert.equal(slice(r.target.nameSpan), r.name);
  }
});

test('a missing name falls back to the file name; a missing section is an empty map', () => {
  const { value: doc } = analyzeRecipe('passk: 1\n', { file: '/x/my-eval.recipe.yaml', env: {} });
  assert.equal(doc.name, 'my-eval');
  assert.equal(doc.evaluate.size, 0);
});

test('CRLF line endings: still clean, and spans still point at the written text', () => {
  const crlf = TEXT.replace(/\n/g, '\r\n');
  const r = analyzeRecipe(crlf, { file: FILE, env: {} });
  assert.deepEqual(r.problems, []);
  for (const ref of r.value.references) assert.equal(crlf.slice(ref.span.start, ref.span.end), ref.name);
  const bad = analyzeRecipe(crlf.replace('prompt: vicuna-cot', 'prompt: vicuna-cott'), { file: FILE, env: {} });
  const p = bad.problems.find((x) => x.code === 'recipe/undefined-reference')!;
  assert.equal(crlf.replace('prompt: vicuna-cot', 'prompt: vicuna-cott').slice(p.span!.start, p.span!.end), 'vicuna-cott');
  assert.equal(p.data?.['suggestion'], 'vicuna-cot');
});
