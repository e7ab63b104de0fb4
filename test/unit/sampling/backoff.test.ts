// A rate limit pauses the queue as a whole (docs/models.md, "Rate limits and failing replicas"): after a 429,
// or a 503 that says Retry-After, no new request reaches that replica until the deadline (or an exponential
// backoff with jitter when the server named none), requests already in flight finish normally, and with several
// replicas the others keep serving. Checked against real HTTP servers on 127.0.0.1 that record arrival times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Provider } from '../../../server/src/sampling/provider';
import { Scheduler } from '../../../server/src/sampling/scheduler';
import { classifyError } from '../../../server/src/sampling/sampling-error';
import { modelDef, params } from './model-def';
import { startScriptedServer } from './scripted-server';

const classify = (e: unknown, aborted: boolean) => classifyError(e, 'm', aborted);
/** Clock tolerance: server and client share the machine's clock, but timers and sockets add a little. */
const SLACK = 40;

function runAll(s: Scheduler, provider: Provider, tasks: number): Promise<string[]> {
  return Promise.all(Array.from({ length: tasks }, (_, i) => s.run(async (signal, replica) => {
    const r = await provider.complete({ prompt: { user: `q${i}` }, count: 1, params }, signal, replica);
    return { value: r.completions[0]!.text };
  })));
}

for (const status of [429, 503]) {
  test(`a ${status} with Retry-After pauses the whole queue until the deadline; requests in flight finish`, async () => {
    // The first answer waits until the other three requests sent with it have surely arrived (a loaded machine can
    // take tens of milliseconds to open their sockets), so every later arrival was sent after the pause began.
    const server = await startScriptedServer((n) => (n === 0 ? { status, headers: { 'retry-after': '1' }, delayMs: 200 } : { delayMs: 300 }));
    try {
      const provider = new Provider(modelDef({ baseUrls: [server.url] }), { headers: {} });
      const s = new Scheduler({ concurrency: 4, maxRetries: 3, timeoutMs: 10_000, classify, baseDelayMs: 10 });
      const t0 = Date.now();
      const texts = await runAll(s, provider, 16);
      assert.equal(texts.length, 16);
      const pausedAt = server.errorsSent[0]!.at;
      const during = server.arrivals.filter((t) => t > pausedAt + SLACK && t < pausedAt + 1000 - SLACK);
      assert.deepEqual(during.map((t) => t - pausedAt), [], 'no request arrives while the queue is paused');
      // The three requests sent with the first one were not cancelled: 16 tasks cost exactly one extra request.
      assert.equal(server.arrivals.length, 17);
      assert.equal(server.served, 16);
      assert.ok(Date.now() - t0 >= 1000 - SLACK, 'the run waited for the deadline');
      assert.equal(s.retries, 1);
    } finally {
      await server.close();
    }
  });
}

test('a 429 without Retry-After pauses the queue for an exponential backoff with jitter', async () => {
  // Two 429s in a row from one replica: the second pause is twice the first (equal jitter at random 0.5: 3/4 of
  // the exponential step, 300 ms then 600 ms), and neither lets a new request through.
  const server = await startScriptedServer((n) => (n === 0 || n === 4 ? { status: 429, delayMs: 100 } : { delayMs: 150 }));
  try {
    const provider = new Provider(modelDef({ baseUrls: [server.url] }), { headers: {} });
    const s = new Scheduler({ concurrency: 4, maxRetries: 3, timeoutMs: 10_000, classify, baseDelayMs: 400, random: () => 0.5 });
    await runAll(s, provider, 12);
    const [first, second] = server.errorsSent;
    assert.ok(first && second, 'both 429s were sent');
    const quiet = (from: number, ms: number) => server.arrivals.filter((t) => t > from + SLACK && t < from + ms - SLACK);
    assert.deepEqual(quiet(first.at, 300), [], 'nothing arrives during the first pause');
    assert.deepEqual(quiet(second.at, 600), [], 'nothing arrives during the second, doubled pause');
    assert.ok(server.arrivals.some((t) => t >= second.at + 600 - SLACK), 'the run resumed after the second pause');
  } finally {
    await server.close();
  }
});

test('with several replicas a 429 pauses only the replica that sent it; the others keep serving', async () => {
  const limited = await startScriptedServer((n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { delayMs: 20 }));
  const other = await startScriptedServer(() => ({ delayMs: 20 }));
  try {
    const provider = new Provider(modelDef({ baseUrls: [limited.url, other.url] }), { headers: {} });
    const s = new Scheduler({ concurrency: 2, maxRetries: 3, timeoutMs: 10_000, classify, replicas: 2 });
    const t0 = Date.now();
    await runAll(s, provider, 20);
    const pausedAt = limited.errorsSent[0]!.at;
    assert.deepEqual(limited.arrivals.filter((t) => t > pausedAt + SLACK && t < pausedAt + 1000 - SLACK), []);
    assert.ok(other.served >= 19, `the healthy replica served the rest (${other.served})`);
    assert.ok(Date.now() - t0 < 1000, 'the run did not wait for the paused replica');
  } finally {
    await limited.close();
    await other.close();
  }
});
