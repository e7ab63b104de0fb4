// The client's session key: a fresh 32-byte key per server start, handed over only as an environment variable,
// and request keys sealed under it so the server (which takes the same variable) can open them and nothing
// else can.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeySeal } from '../../../client/src/key-seal';
import { openKeys, SESSION_KEY_ENV, takeSessionKey } from '../../../server/src/protocol/key-envelope';

test('each server start gets a new session key; keys sealed under it open on the server side only for that method', () => {
  const seal = new KeySeal();
  assert.equal(seal.seal({ 'http://127.0.0.1:8000 m': 'sk-x-1234' }, 'passk/run'), undefined, 'no server started yet: nothing is sealed');
  const env1 = seal.renew();
  assert.deepEqual(Object.keys(env1), [SESSION_KEY_ENV]);
  const serverKey = takeSessionKey({ ...env1 });
  assert.equal(serverKey?.length, 32);
  const keys = { 'http://127.0.0.1:8000 m': 'sk-x-1234' };
  const sealed = seal.seal(keys, 'passk/run');
  assert.ok(sealed && !JSON.stringify(sealed).includes('sk-x-1234'));
  assert.deepEqual(openKeys(sealed, serverKey, 'passk/run').value, keys);
  assert.equal(openKeys(sealed, serverKey, 'passk/previewLive').value, undefined);
  assert.equal(seal.seal({}, 'passk/run'), undefined, 'no keys, no envelope');
  const env2 = seal.renew();
  assert.notEqual(env2[SESSION_KEY_ENV], env1[SESSION_KEY_ENV], 'a restart makes a new key');
  assert.equal(openKeys(seal.seal(keys, 'passk/run'), serverKey, 'passk/run').value, undefined, 'the old server cannot open the new envelopes');
});
