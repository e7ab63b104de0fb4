// The client's key store and output channel, with small fakes for SecretStorage, global state and the real
// output channel (the modules import only types from vscode, so they run in plain Node): keys are found only
// by origin + model id, a known model name pointing elsewhere is asked about instead of reusing its key, keys
// stored by name are never returned, nothing is read in an untrusted workspace, and the channel that carries
// the LSP trace redacts every key the session knows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { ApiKeyStore } from '../../../client/src/api-keys';
import { scrubbingChannel } from '../../../client/src/scrubbing-channel';
import { type ModelEndpoint, redact } from '../../../server/src/sampling/secrets';

class FakeSecrets {
  readonly map = new Map<string, string>();
  reads = 0;
  async get(k: string) {
    this.reads++;
    return this.map.get(k);
  }
  async store(k: string, v: string) {
    this.map.set(k, v);
  }
  async delete(k: string) {
    this.map.delete(k);
  }
}

class FakeState {
  readonly map = new Map<string, unknown>();
  get<T>(k: string): T | undefined {
    return this.map.get(k) as T | undefined;
  }
  async update(k: string, v: unknown) {
    this.map.set(k, v);
  }
}

function store(trusted = true) {
  const secrets = new FakeSecrets();
  const state = new FakeState();
  let isTrusted = trusted;
  const keys = new ApiKeyStore(secrets as unknown as vscode.SecretStorage, state as unknown as vscode.Memento, () => isTrusted);
  return { secrets, state, keys, trust: (t: boolean) => (isTrusted = t) };
}

const openai: ModelEndpoint = { name: 'teacher', model: 'gpt-4o', origins: ['https://api.openai.com'], hasRecipeKey: false };

test('a stored key is returned only for its origin and model id, filed under that binding', async () => {
  const { keys } = store();
  await keys.set(openai, 'sk-openai-1');
  assert.deepEqual((await keys.lookup([openai])).keys, { 'https://api.openai.com gpt-4o': 'sk-openai-1' });
  const elsewhere = { ...openai, origins: ['https://evil.example'] };
  const r = await keys.lookup([elsewhere]);
  assert.deepEqual(r.keys, {}, 'the same model name at another host gets no key');
  assert.deepEqual(r.missing, [{ name: 'teacher', model: 'gpt-4o', origin: 'https://evil.example', knownAt: ['https://api.openai.com'], legacy: false }], 'and the user is asked, with the origin named');
  assert.deepEqual((await keys.lookup([{ ...openai, model: 'gpt-4o-mini' }])).keys, {}, 'another model id at the same host gets no key');
});

test('replicas: one key is stored for every origin, and a new replica is asked about', async () => {
  const { keys } = store();
  const two = { ...openai, name: 'vllm', model: 'qwen', origins: ['http://10.0.0.1:8000', 'http://10.0.0.2:8000'] };
  await keys.set(two, 'sk-cluster');
  assert.deepEqual(Object.keys((await keys.lookup([two])).keys).sort(), ['http://10.0.0.1:8000 qwen', 'http://10.0.0.2:8000 qwen']);
  const three = { ...two, origins: [...two.origins, 'http://10.0.0.3:8000'] };
  const r = await keys.lookup([three]);
  assert.equal(Object.keys(r.keys).length, 2);
  assert.deepEqual(r.missing.map((m) => m.origin), ['http://10.0.0.3:8000']);
});

test('a key stored by model name (before binding) is never returned; it makes the client ask, and goes once replaced', async () => {
  const { keys, secrets } = store();
  secrets.map.set('passk.apiKey.teacher', 'sk-old-by-name');
  const r = await keys.lookup([openai]);
  assert.deepEqual(r.keys, {});
  assert.deepEqual(r.missing, [{ name: 'teacher', model: 'gpt-4o', origin: 'https://api.openai.com', knownAt: [], legacy: true }]);
  await keys.set(openai, 'sk-new-bound');
  assert.equal(secrets.map.has('passk.apiKey.teacher'), false, 'the name-bound key is deleted once a bound one replaces it');
  assert.deepEqual((await keys.lookup([openai])).missing, []);
});

test('models that never had a key, or bring their own, are not asked about; a declined endpoint is not asked again', async () => {
  const { keys } = store();
  const local = { name: 'vllm', model: 'qwen', origins: ['http://127.0.0.1:8000'], hasRecipeKey: false };
  assert.deepEqual(await keys.lookup([local]), { keys: {}, missing: [] });
  await keys.set(openai, 'sk-openai-1');
  assert.deepEqual((await keys.lookup([{ ...openai, origins: ['https://other.example'], hasRecipeKey: true }])).missing, [], 'the recipe has ${env:…}');
  const moved = { ...openai, origins: ['http://127.0.0.1:9000'] };
  assert.equal((await keys.lookup([moved])).missing.length, 1);
  await keys.declineKey('teacher', 'gpt-4o', 'http://127.0.0.1:9000');
  assert.deepEqual((await keys.lookup([moved])).missing, []);
});

test('in an untrusted workspace the store reads no secret and stores none', async () => {
  const { keys, secrets, trust } = store();
  await keys.set(openai, 'sk-openai-1');
  trust(false);
  const reads = secrets.reads;
  assert.deepEqual(await keys.lookup([openai]), { keys: {}, missing: [] });
  assert.equal(secrets.reads, reads, 'no SecretStorage read');
  await assert.rejects(keys.set(openai, 'sk-2'), /trusted workspace/);
  assert.equal(secrets.map.get('passk.apiKey@https://api.openai.com gpt-4o'), 'sk-openai-1');
});

test('the output channel (which carries the LSP trace) redacts every key the session read or stored', async () => {
  const { keys, secrets } = store();
  secrets.map.set('passk.apiKey.teacher', 'sk-legacy-77777');
  await keys.lookup([openai]);
  await keys.set({ ...openai, origins: ['https://evil.example'] }, 'sk-typed-55555');
  await keys.set(openai, 'sk-openai-12345');
  const lines: string[] = [];
  const inner = {
    name: 'passk',
    append: (v: string) => lines.push(v),
    appendLine: (v: string) => lines.push(v + '\n'),
    replace: (v: string) => lines.push(`(replace) ${v}`),
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
    logLevel: 2,
    onDidChangeLogLevel: () => ({ dispose: () => undefined }),
    trace: (m: string) => lines.push(`(trace) ${m}\n`),
    debug: (m: string) => lines.push(`(debug) ${m}\n`),
    info: (m: string) => lines.push(`(info) ${m}\n`),
    warn: (m: string) => lines.push(`(warn) ${m}\n`),
    error: (m: string | Error) => lines.push(`(error) ${typeof m === 'string' ? m : m.message}\n`),
  } as unknown as vscode.LogOutputChannel;
  const channel = scrubbingChannel(inner, () => keys.known());
  channel.appendLine('[Trace - 10:00:00] Sending request \'passk/run - (7)\'.\nParams: {"apiKeys":{"teacher":"sk-openai-12345"}}');
  channel.append('Authorization: Bearer sk-typed-55555, old sk-legacy-77777');
  channel.replace('again sk-openai-12345');
  // vscode-languageclient writes its own messages through the log levels, with values as extra arguments.
  channel.info('Sending request', { apiKey: 'sk-openai-12345' });
  channel.trace('Params: sk-typed-55555');
  channel.error(new Error('failed with sk-legacy-77777'));
  const text = lines.join('');
  for (const k of ['sk-openai-12345', 'sk-typed-55555', 'sk-legacy-77777']) assert.ok(!text.includes(k), `${k} reached the channel`);
  assert.match(text, /\(replace\) again \[redacted\]/);
  assert.match(text, /Bearer \[redacted\], old \[redacted\]/);
  assert.match(text, /\(info\) Sending request \{"apiKey":"\[redacted\]"\}/);
  assert.match(text, /\(error\) failed with \[redacted\]/);
  assert.equal(channel.name, 'passk');
  // A key that contains another is replaced whole; very short values are left alone (they are no secret).
  assert.equal(redact('k=abcd-abcdef x', ['abcd', 'abcd-abcdef', 'ab']), 'k=[redacted] x');
});
