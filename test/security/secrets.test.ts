// API keys over the real stdio LSP connection. The server gets the session key in its environment (as the VS
// Code client starts it); a run whose keys are sealed under it reaches the simulator on 127.0.0.1 with
// `Authorization: Bearer <key>`, while the key (in any encoding) and the session key appear nowhere in the raw
// JSON-RPC bytes either way. A key bound to one origin never reaches another host, even when the sealed
// payload also files it under the model's name; plain, foreign, tampered or replayed envelopes are refused
// before any request is sent. The envelope itself is checked directly as well.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { newSessionKey, openKeys, sealKeys, SESSION_KEY_ENV, takeSessionKey } from '../../server/src/protocol/key-envelope';
import type { RunResult } from '../../server/src/protocol/requests';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { startSimulator, type Simulator } from '../../server/src/sim/simulator';
import { LspClient, positionOf } from '../lsp/harness';
import { makeWorkspace, type Workspace } from '../lsp/workspace';
import { dataDir } from '../helpers/paths';
import { boundKey, testSession } from '../helpers/session-keys';

const KEY = 'sk-passk-security-0b7e4d2a9c';
const gsm = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 3).join('\n') + '\n';

/** A recipe with model "sim" at `url`; another host or recipe file gets runs of its own (docs/runs.md). */
const recipe = (url: string) => `passk: 1
models:
  sim: { baseUrl: "${url}", model: passk-sim, concurrency: 2, maxRetries: 0 }
datasets:
  gsm: { path: gsm.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  main: { model: sim, dataset: gsm, prompt: cot, samples: 2, k: [1, 2], temperature: 0.7, seed: 3 }
`;

let sim: Simulator;
let evil: Simulator;
let ws: Workspace;
let client: LspClient;
const session = testSession();
const requestsTo = (s: Simulator) => Object.values(s.stats.byRoute).reduce((a, b) => a + b, 0);

before(async () => {
  const problems = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
  sim = await startSimulator({ problems, apiKey: KEY });
  evil = await startSimulator({ problems });
  ws = makeWorkspace({ 'gsm.jsonl': gsm, 'home.recipe.yaml': recipe(sim.url), 'moved.recipe.yaml': recipe(evil.url) });
  client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, rootUri: null, env: { ...session.env, PASSK_SECURITY_MARKER: '1' }, captureWire: true });
  for (const f of ['home.recipe.yaml', 'moved.recipe.yaml']) {
    client.open(ws.uri(f), fs.readFileSync(ws.file(f), 'utf8'));
    await client.waitForDiagnostics(ws.uri(f));
  }
});

after(async () => {
  await client?.stop();
  await sim?.close();
  await evil?.close();
  ws?.remove();
});

test('the envelope opens only with its session key and for its request method; tampering is detected; nothing throws', () => {
  const key = newSessionKey();
  const keys = { 'https://api.openai.com gpt-4o': KEY };
  const sealed = sealKeys(keys, key, 'passk/run');
  assert.ok(!JSON.stringify(sealed).includes(KEY));
  assert.notEqual(sealKeys(keys, key, 'passk/run').iv, sealed.iv, 'a fresh nonce every time');
  assert.deepEqual(openKeys(sealed, key, 'passk/run'), { value: keys, problems: [] });
  assert.equal(openKeys(sealed, newSessionKey(), 'passk/run').value, undefined, 'another session key');
  assert.equal(openKeys(sealed, key, 'passk/previewLive').value, undefined, 'replayed for another method');
  assert.equal(openKeys(sealed, undefined, 'passk/run').value, undefined, 'a server without a session key');
  const flipped = Buffer.from(sealed.data, 'base64');
  flipped[0] = flipped[0]! ^ 1;
  assert.equal(openKeys({ ...sealed, data: flipped.toString('base64') }, key, 'passk/run').value, undefined, 'tampered ciphertext');
  assert.equal(openKeys({ ...sealed, tag: Buffer.alloc(16).toString('base64') }, key, 'passk/run').value, undefined, 'forged tag');
  for (const junk of [null, 7, 'x', [], { v: 1 }, { v: 1, iv: '', data: '', tag: '' }, { ...sealed, v: 2 }]) {
    const r = openKeys(junk, key, 'passk/run');
    assert.equal(r.value, undefined);
    assert.equal(r.problems[0]!.code, 'keys/unsealable');
  }
});

test('the server takes the session key out of its environment: recipes cannot name it', async () => {
  const env: NodeJS.ProcessEnv = { [SESSION_KEY_ENV]: newSessionKey().toString('base64'), OTHER: 'x' };
  assert.equal(takeSessionKey(env)?.length, 32);
  assert.deepEqual(env, { OTHER: 'x' });
  assert.equal(takeSessionKey({ [SESSION_KEY_ENV]: 'c2hvcnQ=' }), undefined, 'a key of the wrong length is no key');
  // Over stdio: `${env:` completion lists the server's environment, which no longer holds the session key.
  const uri = ws.uri('env.recipe.yaml');
  const text = recipe(sim.url).replace('concurrency: 2,', 'concurrency: 2, apiKey: "${env:PASSK_');
  client.open(uri, text);
  const r = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '${env:PASSK_', 0, '${env:PASSK_'.length) });
  const labels = (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);
  assert.ok(labels.includes('PASSK_SECURITY_MARKER'), `the environment is offered: ${labels.join(', ')}`);
  assert.ok(!labels.includes(SESSION_KEY_ENV), `offered: ${labels.join(', ')}`);
  client.close(uri);
});

test('a run with a sealed key works: the simulator receives the key, the JSON-RPC bytes never hold it', async () => {
  const r = await client.request<RunResult>('passk/run', {
    uri: ws.uri('home.recipe.yaml'),
    kind: 'evaluate',
    entry: 'main',
    sealedKeys: session.seal(boundKey(sim.url, 'passk-sim', KEY), 'passk/run'),
  });
  assert.equal(r.completed, true, r.problems.join(' '));
  assert.equal(r.samples, 6);
  assert.ok(sim.stats.authorizations.length > 0 && sim.stats.authorizations.every((a) => a === `Bearer ${KEY}`));
});

test('a key bound to one origin never reaches another host, even when the payload also files it by model name', async () => {
  const before = evil.stats.authorizations.length;
  // The recipe reuses the model name "sim" for another host. A key bound to the real host, plus the same key
  // filed under the name as keys used to be, must both stay unused.
  const r = await client.request<RunResult>('passk/run', {
    uri: ws.uri('moved.recipe.yaml'),
    kind: 'evaluate',
    entry: 'main',
    sealedKeys: session.seal({ ...boundKey(sim.url, 'passk-sim', KEY), sim: KEY, 'passk-sim': KEY }, 'passk/run'),
  });
  assert.equal(r.completed, true, r.problems.join(' '));
  const seen = evil.stats.authorizations.slice(before);
  assert.ok(seen.length > 0, 'the other host was called');
  assert.deepEqual([...new Set(seen)], ['Bearer none'], 'and got no key');
});

test('a redirect from the bound host is not followed, so the key never reaches the host it points to', async () => {
  const before = requestsTo(evil);
  let redirected = 0;
  const redirector = http.createServer((req, res) => {
    redirected++;
    res.writeHead(307, { location: `${evil.url}${(req.url ?? '').replace(/^\/v1/, '')}` });
    res.end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/v1`;
  const uri = ws.uri('redirect.recipe.yaml');
  try {
    const text = recipe(url);
    fs.writeFileSync(ws.file('redirect.recipe.yaml'), text);
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const r = await client.request<RunResult>('passk/run', { uri, kind: 'evaluate', entry: 'main', sealedKeys: session.seal(boundKey(url, 'passk-sim', KEY), 'passk/run') });
    assert.equal(r.completed, false);
    assert.ok(redirected > 0, 'the bound host was asked');
    assert.equal(requestsTo(evil), before, 'the redirect target never was');
    assert.ok(!r.problems.join(' ').includes(KEY));
  } finally {
    client.close(uri);
    await new Promise<void>((r) => redirector.close(() => r()));
  }
});

test('plain keys, envelopes under another session key and envelopes replayed from another method are refused before any request', async () => {
  const uri = ws.uri('home.recipe.yaml');
  const sent = requestsTo(sim);
  // A distinct key here, because the plain one is in this very message (which is exactly why it is refused).
  await assert.rejects(client.request('passk/run', { uri, kind: 'evaluate', entry: 'main', apiKeys: { sim: 'sk-plain-in-trace-3141' } }), /only sealed/);
  const foreign = sealKeys(boundKey(sim.url, 'passk-sim', KEY), newSessionKey(), 'passk/run');
  await assert.rejects(client.request('passk/run', { uri, kind: 'evaluate', entry: 'main', sealedKeys: foreign }), /could not be opened/);
  const replayed = session.seal(boundKey(sim.url, 'passk-sim', KEY), 'passk/previewLive');
  await assert.rejects(client.request('passk/run', { uri, kind: 'evaluate', entry: 'main', sealedKeys: replayed }), /could not be opened/);
  assert.equal(requestsTo(sim), sent, 'no request reached the model server');
  assert.ok(client.alive);
});

test('the raw traffic both ways holds neither the key (plain, base64 or JSON-escaped) nor the session key', () => {
  const sent = Buffer.concat(client.wire.sent).toString('utf8');
  const received = Buffer.concat(client.wire.received).toString('utf8');
  assert.ok(sent.includes('"sealedKeys"') && sent.length > 2000, 'the scan covers the run requests');
  assert.ok(received.includes('"completed":true'), 'and their answers');
  const forms = [KEY, Buffer.from(KEY).toString('base64'), Buffer.from(KEY).toString('hex'), JSON.stringify(KEY).slice(1, -1)];
  for (const f of forms) {
    assert.ok(!sent.includes(f), `client → server holds ${f}`);
    assert.ok(!received.includes(f), `server → client holds ${f}`);
  }
  const sessionKey = session.key.toString('base64');
  assert.ok(!sent.includes(sessionKey) && !received.includes(sessionKey), 'the session key never crosses LSP');
  assert.ok(!client.stderr.includes(KEY));
});
