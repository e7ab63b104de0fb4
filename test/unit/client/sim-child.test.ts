// The simulator process behind "passk: Start Simulator", driven through the real bundled CLI: it answers on the
// URL it reports with the starter problems, a port already in use is an error that names the setting to change,
// and stop() ends the process.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { startSimChild } from '../../../client/src/sim-child';
import { cli, ensureCli } from '../../helpers/cli';
import { repoRoot } from '../../helpers/paths';

const datasets = ['gsm8k/test.jsonl', 'math/test.jsonl'].map((f) => path.join(repoRoot, 'starter', 'data', f));

test('starts on a free port, serves the starter problems, and stop() ends the process', async () => {
  ensureCli();
  let printed = '';
  const sim = await startSimChild({ runtime: process.execPath, cli, port: 0, datasets, onOutput: (t) => (printed += t) });
  try {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.match(printed, /with 100 known problems from 2 dataset file/);
    const res = await fetch(`${sim.url}/models`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: { id: string }[] };
    assert.ok(body.data.length > 0, 'the simulator lists its model');
  } finally {
    await sim.stop();
  }
  assert.ok(sim.child.exitCode !== null || sim.child.signalCode !== null, 'the process has exited');
  await assert.rejects(fetch(`${sim.url}/models`), 'nothing listens after stop()');
});

test('a port in use is an error that says which setting to change', async () => {
  ensureCli();
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    await assert.rejects(startSimChild({ runtime: process.execPath, cli, port, datasets }), (e: Error) => {
      assert.match(e.message, /exited with code 2/);
      assert.match(e.message, new RegExp(`port ${port}.*passk\\.simulator\\.port`));
      return true;
    });
  } finally {
    blocker.close();
  }
});
