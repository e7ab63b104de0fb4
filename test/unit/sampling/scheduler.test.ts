// The scheduler's promises: never more than `concurrency` requests in flight (counted by the server), retries
// that wait what Retry-After asked, exponential backoff with jitter otherwise, fatal errors not retried, a
// cancel that stops queued and in-flight work at once, and an rpm limit that spaces requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startSimulator } from '../../../server/src/sim/simulator';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { Provider } from '../../../server/src/sampling/provider';
import { Scheduler } from '../../../server/src/sampling/scheduler';
import { RateLimiter } from '../../../server/src/sampling/rate-limiter';
import { SamplingError, classifyError } from '../../../server/src/sampling/sampling-error';
import { dataDir } from '../../helpers/paths';
import { modelDef, params } from './model-def';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
const classify = (e: unknown, aborted: boolean) => classifyError(e, 'm', aborted);

test('in-flight requests never exceed the concurrency limit, measured at the server', async () => {
  const sim = await startSimulator({ problems: gsm, latencyMs: 20 });
  try {
    const provider = new Provider(modelDef({ baseUrls: [sim.url] }), { headers: {} });
    const s = new Scheduler({ concurrency: 3, maxRetries: 0, timeoutMs: 5000, classify });
    await Promise.all(Array.from({ length: 30 }, (_, i) => s.run(async (signal) => ({ value: await provider.complete({ prompt: { user: gsm[i]!.question }, count: 1, params }, signal) }))));
    assert.equal(sim.stats.completionRequests, 30);
    assert.equal(sim.stats.maxInFlight, 3);
  } finally {
    await sim.close();
  }
});

test('retryable failures are retried, waiting what Retry-After asked; fatal ones are not', async () => {
  const delays: number[] = [];
  let calls = 0;
  const s = new Scheduler({
    concurrency: 1, maxRetries: 3, timeoutMs: 1000, classify, random: () => 0.5,
    onRetry: (_e, _a, d) => delays.push(d),
  });
  const value = await s.run(async () => {
    calls++;
    if (calls === 1) throw new SamplingError('rate limited', 'retryable', 429, 120);
    if (calls === 2) throw new SamplingError('server error', 'retryable', 500);
    return { value: 'ok' };
  });
  assert.equal(value, 'ok');
  assert.equal(calls, 3);
  assert.equal(delays[0], 120, 'a rate limit pauses the queue exactly until the Retry-After deadline');
  assert.equal(delays[1], 750 * 1); // exponential step 1000 ms → half fixed plus half jittered (0.5)
  assert.equal(s.retries, 2);
  let fatalCalls = 0;
  await assert.rejects(
    s.run(async () => {
      fatalCalls++;
      throw new SamplingError('bad key', 'fatal', 401);
    }),
    (e: unknown) => e instanceof SamplingError && e.kind === 'fatal',
  );
  assert.equal(fatalCalls, 1);
});

test('retries stop after maxRetries with the last error', async () => {
  const s = new Scheduler({ concurrency: 2, maxRetries: 2, timeoutMs: 1000, classify, baseDelayMs: 1 });
  let calls = 0;
  await assert.rejects(s.run(async () => {
    calls++;
    throw new SamplingError('still down', 'retryable', 503);
  }), /still down/);
  assert.equal(calls, 3);
});

test('a per-request timeout aborts a slow attempt and retries it', async () => {
  const sim = await startSimulator({ problems: gsm, latencyMs: 400 });
  try {
    const provider = new Provider(modelDef({ baseUrls: [sim.url] }), { headers: {} });
    const s = new Scheduler({ concurrency: 1, maxRetries: 1, timeoutMs: 100, classify, baseDelayMs: 1 });
    const t0 = Date.now();
    await assert.rejects(s.run(async (signal) => ({ value: await provider.complete({ prompt: { user: 'x' }, count: 1, params }, signal) })), /timed out/);
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(sim.stats.completionRequests, 2);
  } finally {
    await sim.close();
  }
});

test('cancel stops queued and in-flight requests within a second', async () => {
  const sim = await startSimulator({ problems: gsm, latencyMs: 10_000 });
  try {
    const provider = new Provider(modelDef({ baseUrls: [sim.url] }), { headers: {} });
    const ac = new AbortController();
    const s = new Scheduler({ concurrency: 4, maxRetries: 5, timeoutMs: 60_000, classify, signal: ac.signal });
    const runs = Array.from({ length: 20 }, () => s.run(async (signal) => ({ value: await provider.complete({ prompt: { user: 'x' }, count: 1, params }, signal) })).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sim.stats.inFlight, 4);
    const t0 = Date.now();
    ac.abort();
    const results = await Promise.all(runs);
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    assert.ok(results.every((e) => e instanceof SamplingError && e.kind === 'aborted'));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sim.stats.inFlight, 0, 'the server sees the in-flight connections closed');
    assert.equal(sim.stats.completionRequests, 4);
  } finally {
    await sim.close();
  }
});

test('an rpm limit spaces requests out after the one-second burst', async () => {
  let clock = 0;
  const rl = new RateLimiter(60, () => clock); // one per second, bucket of one
  await rl.acquire(1);
  let granted = false;
  const second = rl.acquire(1).then(() => (granted = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(granted, false);
  clock = 1000;
  await second;
  assert.equal(granted, true);
});

test('a tpm budget makes a request wait for the tokens the previous one used beyond its estimate', async () => {
  const s = new Scheduler({ concurrency: 4, tpm: 60_000, maxRetries: 0, timeoutMs: 1000, classify }); // 1 000 tokens a second
  const t0 = Date.now();
  await s.run(async () => ({ value: 1, tokens: 1500 }), 500); // used 1 000 more than estimated: the bucket goes into debt
  const second = Date.now();
  await s.run(async () => ({ value: 2, tokens: 100 }), 100);
  const waited = Date.now() - second;
  assert.ok(second - t0 < 100, 'the first request goes at once');
  assert.ok(waited >= 400, `the second waits for the debt to be repaid (${waited} ms)`);
});
