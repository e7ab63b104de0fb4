// `passk sim` as a process: it announces itself as a dry-run simulator, binds 127.0.0.1, answers known
// dataset problems with the OpenAI shape, injects faults from --fail-rate, and stops cleanly on SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { dataDir } from '../helpers/paths';
import { runCli, simProcess, type CliResult } from './eval-cli-helpers';

async function withSimProcess(args: string[], fn: (url: string) => Promise<void>): Promise<CliResult> {
  const sim = await simProcess(args);
  try {
    await fn(sim.url);
  } catch (e) {
    await sim.close();
    throw e;
  }
  return sim.close();
}

test('passk sim serves known problems over the OpenAI API and stops on SIGINT', async () => {
  const q = 'Janet’s ducks lay 16 eggs per day.';
  const r = await withSimProcess(['--dataset', path.join(dataDir, 'gsm8k', 'test.jsonl')], async (url) => {
    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    assert.equal(models.data[0]!.id, 'passk-sim');
    const body = { model: 'passk-sim', n: 3, seed: 5, messages: [{ role: 'user', content: `Q: ${q} She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?` }] };
    const res = (await (await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { choices: { message: { content: string } }[] };
    assert.equal(res.choices.length, 3);
    assert.ok(res.choices.every((c) => /The problem says: Janet’s ducks/.test(c.message.content)));
  });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /DRY-RUN SIMULATOR \(not a model\) listening on http:\/\/127\.0\.0\.1:\d+\/v1 with 1319 known problems/);
  assert.match(r.stderr, /stopped after 1 completion requests/);
});

test('--max-n caps the choices of a response', async () => {
  await withSimProcess(['--max-n', '2'], async (url) => {
    const res = (await (await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', n: 5, messages: [{ role: 'user', content: 'x' }] }) })).json()) as { choices: unknown[] };
    assert.equal(res.choices.length, 2);
  });
});

test('--fail-rate 1 makes every completion request fail; bad options exit 2', async () => {
  await withSimProcess(['--fail-rate', '500:1'], async (url) => {
    const res = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal(res.status, 500);
  });
  const bad = await runCli(['sim', '--fail-rate', 'teapot:1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad fault "teapot:1"/);
});
