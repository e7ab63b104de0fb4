// `passk eval` against endpoints that fail in each way users meet: a closed port, a host name that does not
// resolve, a server answering 500 with a message, a server that never answers and an https URL to a plain-http
// server. Each run must exit 3 (incomplete) rather than 0, and its message must name the URL and the cause,
// with the key never printed. A run that completes but misses its `expect` exits 4.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli, simRecipe } from './eval-cli-helpers';

const KEY = 'sk-endpoint-test-7f3a9c21';

/** A one-model recipe over two GSM8K rows with no retries, so every failure shows at once. */
function failingRecipe(baseUrl: string, extraModel = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-endpoint-'));
  const rows = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').slice(0, 2);
  fs.writeFileSync(path.join(dir, 'gsm8k.jsonl'), rows.join('\n') + '\n');
  const recipe = path.join(dir, 'fail.recipe.yaml');
  fs.writeFileSync(recipe, `passk: 1
models:
  m:
    baseUrl: ${baseUrl}
    model: some-model
    apiKey: \${env:ENDPOINT_KEY}
    maxRetries: 0
    concurrency: 2${extraModel}
datasets:
  gsm8k: { path: gsm8k.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  cot: "{{ question }}"
evaluate:
  e:
    model: m
    dataset: gsm8k
    prompt: cot
    samples: 2
    temperature: 0.7
    k: [1]
`);
  return recipe;
}

const env = { ENDPOINT_KEY: KEY };

let server: http.Server;
let base = '';
before(async () => {
  // /fail answers 500 with a JSON error message (echoing the key, as some servers do); /hang never answers.
  server = http.createServer((req, res) => {
    if (req.url!.startsWith('/hang')) return;
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `CUDA out of memory on GPU 0 (request by ${req.headers.authorization ?? 'nobody'})` } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function assertNoKey(r: { stdout: string; stderr: string }): void {
  assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY), 'the API key is never printed');
}

test('a closed port: exit 3, the message names the URL and ECONNREFUSED; --allow-incomplete exits 0', async () => {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const recipe = failingRecipe(`http://127.0.0.1:${port}/v1`);
  const r = await runCli(['eval', recipe], { env });
  assert.equal(r.code, 3, r.stderr);
  assert.ok(r.stderr.includes(`http://127.0.0.1:${port}/v1`), r.stderr);
  assert.match(r.stderr, /connection refused \(ECONNREFUSED\)/);
  assert.match(r.stderr, /incomplete: 4 sample\(s\) still missing/);
  assertNoKey(r);
  const allowed = await runCli(['eval', recipe, '--allow-incomplete'], { env });
  assert.equal(allowed.code, 0, allowed.stderr);
});

test('a host name that does not resolve: exit 3, the message names the host and the DNS failure', async () => {
  const r = await runCli(['eval', failingRecipe('http://nonexistent.invalid/v1')], { env });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /http:\/\/nonexistent\.invalid\/v1: the host name "nonexistent\.invalid" does not resolve \(DNS (ENOTFOUND|EAI_AGAIN)\)/);
  assertNoKey(r);
});

test('HTTP 500 with a message: exit 3, the status and the server\'s words are shown, the key redacted', async () => {
  const r = await runCli(['eval', failingRecipe(`http://${base}/fail/v1`)], { env });
  assert.equal(r.code, 3, r.stderr);
  assert.ok(r.stderr.includes(`"m" at http://${base}/fail/v1 answered HTTP 500: CUDA out of memory on GPU 0`), r.stderr);
  assert.match(r.stderr, /\[redacted\]/);
  assertNoKey(r);
});

test('a server that never answers: exit 3 after the timeout, named as such', async () => {
  const started = Date.now();
  const r = await runCli(['eval', failingRecipe(`http://${base}/hang/v1`, '\n    timeoutSeconds: 0.5')], { env });
  assert.equal(r.code, 3, r.stderr);
  assert.ok(r.stderr.includes(`"m" at http://${base}/hang/v1 timed out: no answer within 0.5 s`), r.stderr);
  assert.ok(Date.now() - started < 20_000);
});

test('an https URL to a plain-http server: exit 3, a TLS failure with the hint to use http://', async () => {
  const r = await runCli(['eval', failingRecipe(`https://${base}/v1`)], { env });
  assert.equal(r.code, 3, r.stderr);
  assert.ok(r.stderr.includes(`https://${base}/v1: the TLS handshake failed (`), r.stderr);
  assert.match(r.stderr, /use an http:\/\/ baseUrl/);
});

test('credentials in the URL never reach a message', async () => {
  // A user name or password in a baseUrl is refused when the recipe is read (requests refuse such URLs);
  // the key in the query travels, and the message names the URL without it.
  const userinfo = await runCli(['eval', failingRecipe(`http://user:${KEY}@${base}/fail/v1`)], { env });
  assert.equal(userinfo.code, 2, userinfo.stderr);
  assert.match(userinfo.stdout + userinfo.stderr, /recipe\/bad-url/);
  assertNoKey(userinfo);
  const r = await runCli(['eval', failingRecipe(`http://${base}/fail/v1?key=${KEY}`)], { env });
  assert.equal(r.code, 3, r.stderr);
  assert.ok(r.stderr.includes(`http://${base}/fail/v1`), r.stderr);
  assertNoKey(r);
});

test('a complete run below its `expect` exits 4; one that meets it exits 0', async () => {
  const sim = await startSimulator({ problems: loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl')) });
  try {
    const high = simRecipe(sim.url, { rows: 4, extra: '    expect: { pass@1: 0.999 }\n' });
    const r = await runCli(['eval', high.recipe]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /eval\/below-expectation/);
    const low = simRecipe(sim.url, { rows: 4, extra: '    expect: { pass@1: 0 }\n' });
    const ok = await runCli(['eval', low.recipe]);
    assert.equal(ok.code, 0, ok.stderr);
  } finally {
    await sim.close();
  }
});
