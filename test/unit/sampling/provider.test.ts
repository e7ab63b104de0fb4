// The provider against real HTTP servers on 127.0.0.1: the simulator, and small node:http servers where a
// test needs a precise misbehaviour. Checks `n`, replicas, error classification and where the key goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { startSimulator } from '../../../server/src/sim/simulator';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { Provider, completionPrompt } from '../../../server/src/sampling/provider';
import { classifyError } from '../../../server/src/sampling/sampling-error';
import { keyBinding, resolveCredentials, redact } from '../../../server/src/sampling/secrets';
import { dataDir } from '../../helpers/paths';
import { modelDef, params } from './model-def';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
const prompt = { system: 'You are careful.', user: `${gsm[5]!.question}\nThe answer is: <ANSWER>.` };

async function statusServer(status: number, headers: Record<string, string> = {}): Promise<{ url: string; close: () => Promise<void>; hits: () => number }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message: `status ${status} for sk-secret-123456` } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, hits: () => hits, close: () => new Promise((r) => server.close(() => r())) };
}

test('chat and completions requests return n choices in order, with tokens apportioned', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const chat = new Provider(modelDef({ baseUrls: [sim.url] }), { headers: {} });
    const r = await chat.complete({ prompt, count: 3, seed: 7, params }, new AbortController().signal);
    assert.equal(r.completions.length, 3);
    assert.ok(r.completions.every((c) => c.text.length > 0 && c.finishReason === 'stop' && c.completionTokens > 0));
    const text = new Provider(modelDef({ baseUrls: [sim.url], api: 'completions' }), { headers: {} });
    const t = await text.complete({ prompt, count: 1, seed: 7, params }, new AbortController().signal);
    assert.equal(t.completions[0]!.text, r.completions[0]!.text);
    assert.match(sim.stats.prompts[1]!, /^You are careful\.\n\n/);
    assert.equal(completionPrompt({ user: 'u' }), 'u');
  } finally {
    await sim.close();
  }
});

test('a server that ignores n returns fewer completions than asked', async () => {
  const sim = await startSimulator({ problems: gsm, honourN: false });
  try {
    const p = new Provider(modelDef({ baseUrls: [sim.url] }), { headers: {} });
    const r = await p.complete({ prompt, count: 4, seed: 1, params }, new AbortController().signal);
    assert.equal(r.completions.length, 1);
  } finally {
    await sim.close();
  }
});

test('several baseUrls share the load', async () => {
  const a = await startSimulator({ problems: gsm, latencyMs: 30 });
  const b = await startSimulator({ problems: gsm, latencyMs: 30 });
  try {
    const p = new Provider(modelDef({ baseUrls: [a.url, b.url] }), { headers: {} });
    await Promise.all(Array.from({ length: 8 }, (_, i) => p.complete({ prompt, count: 1, seed: i, params }, new AbortController().signal)));
    assert.equal(a.stats.completionRequests, 4);
    assert.equal(b.stats.completionRequests, 4);
  } finally {
    await a.close();
    await b.close();
  }
});

test('401/403/404/400 are fatal and name the model; 429 and 500 are retryable with Retry-After honoured', async () => {
  for (const status of [400, 401, 403, 404]) {
    const s = await statusServer(status);
    try {
      const p = new Provider(modelDef({ baseUrls: [s.url] }), { apiKey: 'sk-secret-123456', headers: {} });
      const e = await p.complete({ prompt, count: 1, params }, new AbortController().signal).then(() => undefined, (x: unknown) => classifyError(x, '"student"', false));
      assert.equal(e?.kind, 'fatal', `status ${status}`);
      assert.match(e!.message, /"student"/);
      assert.equal(s.hits(), 1, 'the SDK must not retry on its own');
    } finally {
      await s.close();
    }
  }
  const s429 = await statusServer(429, { 'retry-after': '3' });
  const s500 = await statusServer(500);
  try {
    const e429 = await new Provider(modelDef({ baseUrls: [s429.url] }), { headers: {} }).complete({ prompt, count: 1, params }, new AbortController().signal).catch((x: unknown) => classifyError(x, 'm', false));
    assert.equal(e429 && 'kind' in e429 ? e429.kind : undefined, 'retryable');
    assert.equal(e429 && 'retryAfterMs' in e429 ? e429.retryAfterMs : undefined, 3000);
    const e500 = await new Provider(modelDef({ baseUrls: [s500.url] }), { headers: {} }).complete({ prompt, count: 1, params }, new AbortController().signal).catch((x: unknown) => classifyError(x, 'm', false));
    assert.equal(e500 && 'kind' in e500 ? e500.kind : undefined, 'retryable');
    assert.equal(s500.hits(), 1);
  } finally {
    await s429.close();
    await s500.close();
  }
});

test('dropped connections and truncated bodies are retryable transport errors', async () => {
  const sim = await startSimulator({ problems: gsm, faults: { drop: 1, truncate: 1, failFirst: 2 } });
  try {
    const p = new Provider(modelDef({ baseUrls: [sim.url] }), { headers: {} });
    for (let i = 0; i < 2; i++) {
      const e = await p.complete({ prompt, count: 1, params }, new AbortController().signal).then(() => undefined, (x: unknown) => classifyError(x, 'm', false));
      assert.equal(e?.kind, 'retryable');
    }
    const ok = await p.complete({ prompt, count: 1, params }, new AbortController().signal);
    assert.equal(ok.completions.length, 1);
  } finally {
    await sim.close();
  }
});

test('the key is resolved at request time from env or SecretStorage and sent only to the model host', async () => {
  const sim = await startSimulator({ problems: gsm, apiKey: 'sk-from-env-9876' });
  try {
    const model = modelDef({ baseUrls: [sim.url], apiKeyTemplate: '${env:PASSK_TEST_KEY}' });
    const creds = resolveCredentials(model, { PASSK_TEST_KEY: 'sk-from-env-9876' });
    assert.deepEqual(creds.problems, []);
    const r = await new Provider(model, creds.value).complete({ prompt, count: 1, params }, new AbortController().signal);
    assert.equal(r.completions.length, 1);
    assert.deepEqual(sim.stats.authorizations, ['Bearer sk-from-env-9876']);
    const stored = resolveCredentials(model, {}, { [keyBinding(sim.url, model.model)!]: 'sk-stored' });
    assert.equal(stored.value.apiKey, 'sk-stored');
    assert.equal(resolveCredentials(model, {}, { student: 'sk-stored' }).value.apiKey, undefined, 'a key filed by model name is not used');
    const unset = resolveCredentials(model, {});
    assert.equal(unset.value.apiKey, undefined);
    assert.equal(unset.problems[0]!.code, 'sampling/api-key-unset');
    assert.ok(!JSON.stringify(unset.problems).includes('sk-'));
    assert.equal(redact('bad key sk-from-env-9876!', ['sk-from-env-9876']), 'bad key [redacted]!');
  } finally {
    await sim.close();
  }
});

test('a redirect is refused, so the key never follows it to another host', async () => {
  const target = await startSimulator({ problems: gsm });
  const redirector = http.createServer((req, res) => {
    res.writeHead(307, { location: `${target.url}${req.url?.replace(/^\/v1/, '')}` });
    res.end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', () => r()));
  try {
    const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/v1`;
    const p = new Provider(modelDef({ baseUrls: [url] }), { apiKey: 'sk-do-not-forward', headers: {} });
    await assert.rejects(p.complete({ prompt, count: 1, params }, new AbortController().signal));
    assert.deepEqual(target.stats.authorizations, []);
  } finally {
    await target.close();
    await new Promise<void>((r) => redirector.close(() => r()));
  }
});
