// The custom messages are declared once (server/src/protocol/requests.ts) with a shape the server checks at its
// edge. These tests hold every declaration to that: a unique `passk/` method, a shape that accepts what the
// client sends and names the field of what it must not, and run events that survive a round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkParams, type NotificationDef, type RequestDef } from '../../../server/src/protocol/define';
import * as requests from '../../../server/src/protocol/requests';
import { encodeLine, parseRunControl, parseRunEvent, takeRunKeys, RUN_KEYS_ENV } from '../../../server/src/protocol/run-events';

type Declaration = RequestDef<unknown, unknown> | NotificationDef<unknown>;
const declarations: [string, Declaration][] = Object.entries(requests as Record<string, unknown>).filter(
  (e): e is [string, Declaration] => typeof e[1] === 'object' && e[1] !== null && 'kind' in e[1] && 'shape' in e[1],
);

test('every custom message is declared once, with a unique passk/ method', () => {
  const methods = declarations.map(([, d]) => d.method);
  assert.ok(methods.length >= 9, methods.join(', '));
  assert.ok(methods.every((m) => m.startsWith('passk/')));
  assert.equal(new Set(methods).size, methods.length);
});

test('the run request accepts what the client sends and names the wrong field of what it must not', () => {
  const ok = { uri: 'file:///r.recipe.yaml', kind: 'evaluate', entry: 'main', limit: 3, sealedKeys: { v: 1 }, workDoneToken: 'tok-1' };
  assert.deepEqual(checkParams(requests.RunRequest, ok), { value: ok });
  assert.deepEqual(checkParams(requests.RunRequest, { ...ok, kind: 'train' }), { error: 'passk/run: "kind" must be one of "evaluate", "synthesize".' });
  assert.deepEqual(checkParams(requests.RunRequest, { kind: 'evaluate', entry: 'main' }), { error: 'passk/run: "uri" is missing.' });
  assert.deepEqual(checkParams(requests.RunRequest, { ...ok, limit: 2.5 }), { error: 'passk/run: "limit" must be an integer.' });
  assert.deepEqual(checkParams(requests.RunRequest, null), { error: 'passk/run: the parameters must be an object.' });
  // A field the shape does not list reaches the handler untouched (it refuses plain keys itself).
  const plain = { ...ok, apiKeys: { sim: 'x' } };
  assert.equal((checkParams(requests.RunRequest, plain) as { value: unknown }).value, plain);
});

test('notifications and optional fields: an absent optional field passes, a wrong one does not', () => {
  assert.ok('value' in checkParams(requests.RunsChangedNotification, {}));
  assert.deepEqual(checkParams(requests.WorkspaceTrustNotification, { trusted: 'yes' }), { error: 'passk/workspaceTrust: "trusted" must be true or false.' });
  assert.deepEqual(checkParams(requests.ModelEndpointsRequest, { uri: 'u', kind: 'models' }), { error: 'passk/modelEndpoints: "kind" must be one of "evaluate", "synthesize".' });
});

test('run events and controls survive a round trip; anything else parses to undefined', () => {
  const result = { entry: 'e', runDir: '/r', completed: false, samples: 3, expectedSamples: 8, passAtK: { '1': 0.5 }, problems: ['cancelled'] };
  assert.deepEqual(parseRunEvent(encodeLine({ type: 'result', result }).trim()), { type: 'result', result });
  assert.deepEqual(parseRunEvent(encodeLine({ type: 'progress', done: 1, total: 2, message: '1/2 samples' })), { type: 'progress', done: 1, total: 2, message: '1/2 samples' });
  assert.equal(parseRunEvent('{"type":"result","result":{"entry":"e"}}'), undefined);
  assert.equal(parseRunEvent('{"type":"progress","done":-1,"total":2,"message":""}'), undefined);
  assert.equal(parseRunEvent('not json'), undefined);
  assert.deepEqual(parseRunControl(encodeLine({ type: 'cancel' })), { type: 'cancel' });
  assert.deepEqual(parseRunControl('{"type":"recipe","text":"passk: 1"}'), { type: 'recipe', text: 'passk: 1' });
  assert.equal(parseRunControl('{"type":"recipe"}'), undefined);
});

test('run keys are taken out of the environment, and only string keys are kept', () => {
  const env: NodeJS.ProcessEnv = { [RUN_KEYS_ENV]: JSON.stringify({ 'https://a.example m': 'sk-1', bad: 3 }), OTHER: 'x' };
  assert.deepEqual(takeRunKeys(env), { 'https://a.example m': 'sk-1' });
  assert.equal(env[RUN_KEYS_ENV], undefined);
  assert.deepEqual(takeRunKeys({ [RUN_KEYS_ENV]: 'not json' }), {});
});
