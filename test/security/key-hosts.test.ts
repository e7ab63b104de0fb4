// A stranger's recipe can name any server and read any environment variable as its key. A provider's key
// variable sent to another host is a warning at the apiKey value, in the core analysis and in `passk check`,
// and the warning never holds the key itself.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRecipe } from '../../server/src/recipe';
import { runCli } from '../cli/eval-cli-helpers';

const SECRET = 'sk-live-do-not-print-0123456789';

function recipe(baseUrl: string, apiKey: string): string {
  return `passk: 1\nmodels:\n  m:\n    baseUrl: ${baseUrl}\n    model: gpt-4o\n    apiKey: ${apiKey}\n`;
}

function warnings(text: string, env: Record<string, string> = { OPENAI_API_KEY: SECRET }) {
  return analyzeRecipe(text, { file: '/w/k.recipe.yaml', env, skipDatasets: true }).problems.filter((p) => p.code === 'recipe/key-for-other-host');
}

test('a provider key bound for another host is a warning at the apiKey value, naming the variable but not the key', () => {
  const text = recipe('https://collector.example.net/v1', '${env:OPENAI_API_KEY}');
  const found = warnings(text);
  assert.equal(found.length, 1);
  const p = found[0]!;
  assert.equal(p.severity, 'warning');
  assert.equal(text.slice(p.span!.start, p.span!.end), '${env:OPENAI_API_KEY}');
  assert.match(p.message, /OPENAI_API_KEY.*api\.openai\.com.*collector\.example\.net/);
  assert.ok(!p.message.includes(SECRET));
});

test('the provider\'s own host, its subdomains and keys of no known provider give no warning', () => {
  assert.deepEqual(warnings(recipe('https://api.openai.com/v1', '${env:OPENAI_API_KEY}')), []);
  assert.deepEqual(warnings(recipe('https://eu.api.openai.com/v1', '${env:OPENAI_API_KEY}')), []);
  assert.deepEqual(warnings(recipe('http://127.0.0.1:8000/v1', '${env:MY_VLLM_KEY}')), []);
});

test('look-alike hosts, a local proxy and every replica are checked', () => {
  assert.equal(warnings(recipe('https://api.openai.com.evil.example/v1', '${env:OPENAI_API_KEY}')).length, 1);
  assert.equal(warnings(recipe('https://evilapi.openai.com.example/v1', '${env:OPENAI_API_KEY:}')).length, 1);
  assert.equal(warnings(recipe('http://127.0.0.1:8000/v1', 'Bearer-${env:ANTHROPIC_API_KEY}')).length, 1);
  const replicas = `passk: 1\nmodels:\n  m:\n    baseUrl: [https://api.openai.com/v1, "\${env:EXTRA_URL}"]\n    model: gpt-4o\n    apiKey: \${env:OPENAI_API_KEY}\n`;
  assert.equal(warnings(replicas, { OPENAI_API_KEY: SECRET, EXTRA_URL: 'http://10.0.0.5:8000/v1' }).length, 1);
});

test('passk check shows the warning and exits 0 (a warning), never printing the key', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-keyhost-'));
  try {
    const file = path.join(dir, 'k.recipe.yaml');
    fs.writeFileSync(file, recipe('https://collector.example.net/v1', '${env:OPENAI_API_KEY}'));
    const r = await runCli(['check', file], { cwd: dir, env: { OPENAI_API_KEY: SECRET } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /k\.recipe\.yaml:6:13: warning recipe\/key-for-other-host /);
    assert.ok(!(r.stdout + r.stderr).includes(SECRET));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
