// A model's baseUrl is checked when the recipe is read (docs/recipe-format.md, "Problem codes"). A URL with a
// user name or password (`http://user:${env:KEY}@host/v1`) passed every check and then failed inside fetch,
// which refuses such URLs, on every attempt: `passk eval` retried it as a connection failure for up to a
// minute without a word, and the key sat in the URL. A non-HTTP scheme (`file:`) or a string that is no URL
// fared the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { analyzeRecipe } from '../../server/src/recipe';
import { cli, ensureCli } from '../helpers/cli';

const recipe = (baseUrl: string) => `passk: 1
models:
  m: { baseUrl: "${baseUrl}", model: x }
datasets:
  d: { path: d.jsonl, question: question, answer: { field: answer } }
prompts:
  p: "{{ question }}"
evaluate:
  e: { model: m, dataset: d, prompt: p, samples: 1 }
`;

const urlProblems = (baseUrl: string, env: Record<string, string> = {}) => {
  const text = recipe(baseUrl);
  const r = analyzeRecipe(text, { file: path.join(os.tmpdir(), 'x.recipe.yaml'), env, skipDatasets: true });
  return { text, problems: r.problems.filter((p) => p.code === 'recipe/bad-url') };
};

test('a baseUrl with credentials, another scheme or no URL at all is an error at the value, never echoing it', () => {
  for (const bad of ['http://user:${env:SECRETK}@127.0.0.1:9/v1', 'https://user@api.example.com/v1', 'file:///etc/passwd', 'api.openai.com/v1']) {
    const { text, problems } = urlProblems(bad, { SECRETK: 'sk-TOPSECRET' });
    assert.equal(problems.length, 1, bad);
    const p = problems[0]!;
    assert.equal(p.severity, 'error');
    assert.equal(text.slice(p.span!.start, p.span!.end).replace(/^"|"$/g, ''), bad);
    assert.doesNotMatch(p.message, /TOPSECRET/);
  }
  for (const good of ['http://127.0.0.1:9/v1', 'https://api.openai.com/v1', '${env:PASSK_SIM_URL:http://127.0.0.1:8787/v1}', '${env:UNSET_URL}']) {
    assert.deepEqual(urlProblems(good).problems, [], good);
  }
});

test('passk eval stops at once on a baseUrl with credentials instead of retrying it for minutes', () => {
  ensureCli();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-baseurl-'));
  try {
    fs.writeFileSync(path.join(dir, 'r.recipe.yaml'), recipe('http://u:${env:SECRETK}@127.0.0.1:9/v1'));
    fs.writeFileSync(path.join(dir, 'd.jsonl'), '{"question": "q", "answer": "1"}\n');
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [cli, 'eval', 'r.recipe.yaml'], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, SECRETK: 'sk-TOPSECRET' } });
    console.log(`passk eval with credentials in baseUrl: exit ${r.status} after ${Date.now() - t0} ms`);
    assert.equal(r.signal, null, 'passk eval was still running after 30 s');
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /recipe\/bad-url/);
    assert.doesNotMatch(r.stdout + r.stderr, /TOPSECRET/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
