// `guard` is what keeps one failing handler from taking the server down: the failure is logged and the
// request answers with the fallback; a deliberate ResponseError still reaches the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver/node';
import { guard, guardVoid } from '../../server/src/lsp/guard';

test('a throwing handler answers its fallback and logs the failure with the handler name', async () => {
  const logged: string[] = [];
  const h = guard({ error: (m) => logged.push(m) }, 'hover', null, (_x: number) => {
    throw new Error('boom');
  });
  assert.equal(await h(1), null);
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /^passk: hover failed: Error: boom/);
});

test('a rejected async handler is caught too; a normal one passes its value through', async () => {
  const logged: string[] = [];
  const failing = guard({ error: (m) => logged.push(m) }, 'completion', [] as string[], async () => Promise.reject(new TypeError('bad')));
  assert.deepEqual(await failing(), []);
  assert.match(logged[0]!, /completion failed: TypeError: bad/);
  const fine = guard({ error: (m) => logged.push(m) }, 'x', 0, (a: number, b: number) => a + b);
  assert.equal(await fine(2, 3), 5);
  assert.equal(logged.length, 1);
});

test('a ResponseError is an answer, not a failure: it is rethrown and not logged', async () => {
  const logged: string[] = [];
  const h = guard({ error: (m) => logged.push(m) }, 'rename', null, () => {
    throw new ResponseError(-32602, 'A model named "x" already exists.');
  });
  await assert.rejects(h(), /already exists/);
  assert.deepEqual(logged, []);
});

test('guardVoid logs instead of throwing', () => {
  const logged: string[] = [];
  guardVoid({ error: (m) => logged.push(m) }, 'diagnostics', () => {
    throw new Error('late');
  });
  assert.match(logged[0]!, /diagnostics failed: Error: late/);
});
