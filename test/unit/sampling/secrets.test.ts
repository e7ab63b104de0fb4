// Stored keys are bound to an endpoint (origin + model id), never to a model name: every trick that makes a
// base URL look like a known host but reach another one must find no key, and replicas each get only the key
// bound to their own origin (checked against two real simulators on 127.0.0.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Provider } from '../../../server/src/sampling/provider';
import { endpointOrigin, keyBinding, modelEndpoint, resolveCredentials, secretsOf } from '../../../server/src/sampling/secrets';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { startSimulator } from '../../../server/src/sim/simulator';
import { dataDir } from '../../helpers/paths';
import { modelDef, params } from './model-def';

const KEY = 'sk-bound-to-one-origin-1234';
const bound = (url: string, model = 'gpt-4o') => ({ [keyBinding(url, model)!]: KEY });

/** The key `resolveCredentials` would send to a model at `url` given keys stored for `storedFor`. */
function keyFor(url: string, storedFor: string, model = 'gpt-4o'): string | undefined {
  const r = resolveCredentials(modelDef({ baseUrls: [url], model }), {}, bound(storedFor));
  return r.value.replicaKeys?.[0] ?? r.value.apiKey;
}

test('a key stored for an origin and model id is sent to that endpoint, whatever the path, case or default port', () => {
  const home = 'https://api.openai.com/v1';
  assert.equal(keyFor(home, home), KEY);
  assert.equal(keyFor('https://api.openai.com/other/v1', home), KEY);
  assert.equal(keyFor('HTTPS://API.OpenAI.COM:443/v1', home), KEY, 'scheme and host case and the default port do not matter');
  assert.equal(keyFor('https://ＡＰＩ.openai.com/v1', home), KEY, 'full-width letters map to the same ASCII host (IDNA)');
  assert.equal(keyFor('http://localhost:8000/v1', 'http://LOCALHOST:8000/'), KEY);
});

test('another host, port or scheme finds no key', () => {
  const home = 'https://api.openai.com/v1';
  assert.equal(keyFor('https://evil.example/v1', home), undefined, 'other host');
  assert.equal(keyFor('https://api.openai.com.evil.example/v1', home), undefined, 'suffix host');
  assert.equal(keyFor('https://api.openai.com:8443/v1', home), undefined, 'other port');
  assert.equal(keyFor('http://api.openai.com/v1', home), undefined, 'https → http downgrade');
  assert.equal(keyFor('https://127.0.0.1:8000/v1', 'http://127.0.0.1:8000/v1'), undefined, 'http → https is another origin too');
  assert.equal(keyFor('http://127.0.0.1:8001/v1', 'http://127.0.0.1:8000/v1'), undefined, 'other local port');
});

test('userinfo, trailing dots, backslashes and look-alike IDN hosts find no key', () => {
  const local = 'http://127.0.0.1:8000/v1';
  // The part before @ is userinfo: the request goes to "evil", not to 127.0.0.1:8000.
  assert.equal(endpointOrigin('http://127.0.0.1:8000@evil/v1'), 'http://evil');
  assert.equal(keyFor('http://127.0.0.1:8000@evil/v1', local), undefined);
  assert.equal(keyFor('http://127.0.0.1:8000@evil.example:8000/v1', local), undefined);
  assert.equal(keyFor('http://evil.example\\@127.0.0.1:8000/v1', local), undefined, 'a backslash ends the host of an http URL');
  assert.equal(keyFor('https://api.openai.com./v1', 'https://api.openai.com/v1'), undefined, 'a trailing dot is another origin');
  assert.equal(keyFor('https://api.openai.com/v1', 'https://api.openai.com./v1'), undefined);
  assert.equal(keyFor('https://аpi.openai.com/v1', 'https://api.openai.com/v1'), undefined, 'a Cyrillic "а" is another (punycode) host');
  assert.equal(endpointOrigin('https://аpi.openai.com/v1'), 'https://xn--pi-6kc.openai.com');
});

test('non-http schemes and unparsable URLs have no origin, so no key can be bound to or sent through them', () => {
  for (const u of ['file:///etc/passwd', 'ftp://api.openai.com/', 'javascript:alert(1)', 'not a url', '']) {
    assert.equal(endpointOrigin(u), undefined, u);
    assert.equal(keyBinding(u, 'gpt-4o'), undefined, u);
  }
});

test('the model id is part of the binding, and a key stored by model name is never used', () => {
  const url = 'https://api.openai.com/v1';
  assert.equal(keyFor(url, url, 'gpt-4o-mini'), undefined, 'same host, other model id');
  const byName = resolveCredentials(modelDef({ name: 'student', baseUrls: [url], model: 'gpt-4o' }), {}, { student: KEY, 'gpt-4o': KEY, [url]: KEY });
  assert.equal(byName.value.apiKey, undefined);
  assert.equal(byName.value.replicaKeys, undefined);
  const proto = resolveCredentials(modelDef({ baseUrls: [url] }), {}, JSON.parse('{"__proto__": {"https://api.openai.com passk-sim": "x"}}') as Record<string, string>);
  assert.equal(proto.value.apiKey, undefined, 'inherited properties are not keys');
});

test('without a stored key for its origin a model falls back to its recipe key; with one it needs no env variable', () => {
  const url = 'https://api.openai.com/v1';
  const model = modelDef({ baseUrls: [url], model: 'gpt-4o', apiKeyTemplate: '${env:PASSK_UNSET_KEY}' });
  const other = resolveCredentials(model, { PASSK_UNSET_KEY: 'sk-env' }, bound('https://evil.example/v1'));
  assert.equal(other.value.apiKey, 'sk-env');
  const stored = resolveCredentials(model, {}, bound(url));
  assert.equal(stored.value.apiKey, KEY);
  assert.deepEqual(stored.problems, [], 'the unset variable is not needed when every replica has a stored key');
});

test('modelEndpoint lists each replica origin once, and whether the recipe brings its own key', () => {
  const m = modelDef({ name: 'teacher', model: 'm1', baseUrls: ['http://127.0.0.1:8000/v1', 'http://127.0.0.1:8000/other', 'http://127.0.0.1:8001/v1', 'file:///x'] });
  assert.deepEqual(modelEndpoint(m), { name: 'teacher', model: 'm1', origins: ['http://127.0.0.1:8000', 'http://127.0.0.1:8001'], hasRecipeKey: false });
  assert.equal(modelEndpoint({ ...m, apiKeyTemplate: '${env:K}' }).hasRecipeKey, true);
});

test('replicas: each sends only the key bound to its own origin; an unbound replica sends none (two real servers)', async () => {
  const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
  const a = await startSimulator({ problems: gsm });
  const b = await startSimulator({ problems: gsm });
  try {
    const model = modelDef({ baseUrls: [a.url, b.url] });
    const creds = resolveCredentials(model, {}, bound(a.url, 'passk-sim'));
    assert.deepEqual(creds.value.replicaKeys, [KEY, undefined]);
    assert.deepEqual(secretsOf(creds.value), [KEY]);
    const p = new Provider(model, creds.value);
    const prompt = { user: gsm[0]!.question };
    // Two requests in flight at once go to both replicas (the least busy one is picked).
    await Promise.all([0, 1].map(() => p.complete({ prompt, count: 1, params }, new AbortController().signal)));
    assert.deepEqual(a.stats.authorizations, [`Bearer ${KEY}`]);
    assert.deepEqual(b.stats.authorizations, ['Bearer none']);
    const both = resolveCredentials(model, {}, { ...bound(a.url, 'passk-sim'), ...bound(b.url, 'passk-sim') });
    assert.equal(both.value.apiKey, KEY);
    assert.equal(both.value.replicaKeys, undefined);
  } finally {
    await a.close();
    await b.close();
  }
});
