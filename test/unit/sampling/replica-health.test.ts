// Replicas that keep failing are set aside (docs/models.md, "Rate limits and failing replicas"): after a few
// consecutive failures (five: connection refused, 5xx, timeouts) no request goes to a replica until its cool-down
// ends, then one probe decides whether it is back. Checked against real HTTP servers on 127.0.0.1: a run with a
// dead replica takes about as long as one on the healthy replica alone, the dead one gets a bounded number of
// requests, a replica that recovers is used again, and a model whose every replica stays down fails fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startSimulator } from '../../../server/src/sim/simulator';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { Provider } from '../../../server/src/sampling/provider';
import { Scheduler, type SchedulerOptions } from '../../../server/src/sampling/scheduler';
import { ReplicaHealth } from '../../../server/src/sampling/replica-health';
import { classifyError, SamplingError } from '../../../server/src/sampling/sampling-error';
import { dataDir } from '../../helpers/paths';
import { modelDef, params } from './model-def';
import { closedPortUrl, startScriptedServer } from './scripted-server';
import { runEvaluation } from '../../../server/src/eval';
import { testRecipe } from '../eval/recipe-doc';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
const classify = (e: unknown, aborted: boolean) => classifyError(e, 'm', aborted);

async function timedRun(baseUrls: string[], tasks: number, extra: Partial<SchedulerOptions> = {}): Promise<{ ms: number; failed: number }> {
  const provider = new Provider(modelDef({ baseUrls }), { headers: {} });
  // The recipe defaults: 6 retries starting at 500 ms; concurrency 4.
  const s = new Scheduler({ concurrency: 4, maxRetries: 6, timeoutMs: 10_000, classify, replicas: baseUrls.length, ...extra });
  const t0 = Date.now();
  const results = await Promise.all(Array.from({ length: tasks }, (_, i) => s.run(async (signal, replica) => {
    const r = await provider.complete({ prompt: { user: gsm[i % gsm.length]!.question }, count: 1, params }, signal, replica);
    return { value: r };
  }).then(() => true, () => false)));
  return { ms: Date.now() - t0, failed: results.filter((ok) => !ok).length };
}

test('a replica that always answers 500, or refuses connections, is set aside: the run takes about the time of the healthy replica alone', async (t) => {
  const healthy = await startSimulator({ problems: gsm, latencyMs: 20 });
  const dead = await startScriptedServer(() => ({ status: 500 }));
  const refused = await closedPortUrl();
  try {
    await timedRun([healthy.url], 20); // warms the JIT and the simulator, so the first measurement is not the slowest
    const alone = await timedRun([healthy.url], 80);
    // The dead replica comes first, where the least-loaded choice (it answers at once, so it never has a request
    // in flight) would keep picking it.
    const with500 = await timedRun([dead.url, healthy.url], 80);
    const withRefused = await timedRun([refused, healthy.url], 80);
    t.diagnostic(`healthy replica alone ${alone.ms} ms; with a replica answering 500 ${with500.ms} ms (${dead.arrivals.length} requests to it); with a refused port ${withRefused.ms} ms`);
    assert.equal(alone.failed + with500.failed + withRefused.failed, 0, 'every request succeeded in the end');
    // Five failures set it aside; at most the requests already in flight (concurrency 4) fail after that, and the
    // one-second cool-down allows at most a probe or two during a run this short.
    assert.ok(dead.arrivals.length <= 5 + 4 + 2, `requests to the dead replica are bounded (${dead.arrivals.length})`);
    // Generous for a loaded 2-core machine: without setting aside, each failed request waits 0.25–0.5 s and more.
    assert.ok(with500.ms < alone.ms * 2 + 600, `${with500.ms} ms with a dead replica vs ${alone.ms} ms alone`);
    assert.ok(withRefused.ms < alone.ms * 2 + 600, `${withRefused.ms} ms with a refused port vs ${alone.ms} ms alone`);
  } finally {
    await healthy.close();
    await dead.close();
  }
});

test('a replica that comes back is probed after its cool-down and used again', async () => {
  let broken = true;
  const flaky = await startScriptedServer(() => (broken ? { status: 502 } : { delayMs: 20 }));
  const healthy = await startScriptedServer(() => ({ delayMs: 20 }));
  try {
    const provider = new Provider(modelDef({ baseUrls: [flaky.url, healthy.url] }), { headers: {} });
    const s = new Scheduler({ concurrency: 4, maxRetries: 6, timeoutMs: 10_000, classify, replicas: 2, replicaCooldownMs: 150 });
    const batch = (n: number) => Promise.all(Array.from({ length: n }, () => s.run(async (signal, replica) => ({ value: await provider.complete({ prompt: { user: 'q' }, count: 1, params }, signal, replica) }))));
    await batch(40);
    const whileBroken = flaky.arrivals.length;
    assert.ok(whileBroken >= 5 && whileBroken <= 5 + 4 + 2, `the broken replica was set aside (${whileBroken} requests)`);
    broken = false;
    await new Promise((r) => setTimeout(r, 700)); // past any cool-down reached so far (150, 300 ms)
    await batch(40);
    assert.ok(flaky.served >= 10, `the recovered replica takes its share again (${flaky.served} of 40)`);
  } finally {
    await flaky.close();
    await healthy.close();
  }
});

test('when every replica is set aside, requests wait for a probe; a model that stays down fails fast with few requests', async () => {
  const dead = await startScriptedServer(() => ({ status: 500 }));
  try {
    const provider = new Provider(modelDef({ baseUrls: [dead.url] }), { headers: {} });
    const s = new Scheduler({ concurrency: 4, maxRetries: 2, timeoutMs: 10_000, classify, baseDelayMs: 20, replicas: 1, replicaCooldownMs: 50 });
    const errors = await Promise.all(Array.from({ length: 30 }, () => s.run(async (signal, replica) => ({ value: await provider.complete({ prompt: { user: 'q' }, count: 1, params }, signal, replica) })).catch((e: unknown) => e)));
    assert.ok(errors.every((e) => e instanceof SamplingError && e.kind === 'retryable' && /answered HTTP 500/.test(e.message)), 'every request fails with the server error');
    // Without setting aside: 30 requests × 3 attempts. With it: 5 failures, what was in flight, then 2 probes
    // (maxRetries) with cool-downs of 50 and 100 ms before the model counts as down.
    assert.ok(dead.arrivals.length <= 5 + 4 + 2, `requests to a dead model are bounded (${dead.arrivals.length})`);
    const gaps = dead.arrivals.slice(-2);
    assert.ok(gaps.length === 2 && gaps[1]! - gaps[0]! >= 50, 'probes are spaced by the cool-down');
  } finally {
    await dead.close();
  }
});

test('an evaluation whose first baseUrl is dead completes on the other, sending the dead one few requests', async () => {
  const healthy = await startSimulator({ problems: gsm, latencyMs: 10 });
  const dead = await startScriptedServer(() => ({ status: 503 }));
  try {
    const { doc } = testRecipe({ baseUrls: [dead.url, healthy.url], rows: 24, model: { maxRetries: 6 }, evaluate: { samples: 2 } });
    const r = await runEvaluation(doc, 'gsm8k-sim', { env: {}, maxChoicesPerRequest: 1 });
    assert.deepEqual(r.problems.filter((p) => p.severity !== 'information'), []);
    assert.equal(r.value!.complete, true);
    assert.equal(r.value!.samples, 48);
    // Concurrency 8: five failures set it aside, at most the other seven in flight fail too, plus a probe or two.
    assert.ok(dead.arrivals.length <= 5 + 7 + 2, `requests to the dead replica are bounded (${dead.arrivals.length})`);
  } finally {
    await healthy.close();
    await dead.close();
  }
});

test('cool-downs double with each failed probe up to the cap, one probe at a time, and a success or a rate limit ends them', () => {
  let clock = 0;
  const h = new ReplicaHealth({ replicas: 2, failuresToSetAside: 2, cooldownMs: 100, cooldownMaxMs: 350, downAfterProbes: 9, now: () => clock });
  const fault = new SamplingError('down', 'retryable', 500);
  const onReplica = (i: number) => {
    for (;;) {
      const t = h.tryAcquire()!;
      if (t.replica === i) return t;
      h.succeeded(t);
    }
  };
  assert.equal(h.failed(onReplica(0), fault).setAside, false);
  assert.equal(h.failed(onReplica(0), fault).setAside, true);
  // Set aside: every request goes to replica 1 until the cool-down ends.
  for (let i = 0; i < 5; i++) assert.equal(h.tryAcquire()!.replica, 1);
  const cooldowns: number[] = [];
  for (let round = 0; round < 4; round++) {
    const start = clock;
    while (h.tryAcquire()?.replica !== 0) clock += 10;
    cooldowns.push(clock - start);
    const probe = { replica: 0, probe: true, rateEpoch: 0 };
    // While the probe is out, no other request goes to replica 0.
    for (let i = 0; i < 3; i++) assert.equal(h.tryAcquire()!.replica, 1);
    h.failed(probe, fault);
  }
  assert.deepEqual(cooldowns, [100, 200, 350, 350]);
  while (h.tryAcquire()?.replica !== 0) clock += 10;
  h.succeeded({ replica: 0, probe: true, rateEpoch: 0 });
  assert.equal(h.setAside, 0);
  const picks = Array.from({ length: 4 }, () => h.tryAcquire()!.replica);
  assert.ok(picks.includes(0), 'the replica is back in service');
  // A probe answered with a rate limit also proves the replica alive: it is paused, not set aside.
  const single = new ReplicaHealth({ replicas: 1, failuresToSetAside: 1, cooldownMs: 100, downAfterProbes: 9, now: () => clock });
  single.failed(single.tryAcquire()!, fault);
  assert.equal(single.tryAcquire(), undefined);
  clock += 100;
  const probe = single.tryAcquire()!;
  assert.equal(probe.probe, true);
  assert.equal(single.failed(probe, new SamplingError('slow down', 'retryable', 429, 50)).pausedMs, 50);
  assert.equal(single.setAside, 0);
  assert.equal(single.tryAcquire(), undefined, 'paused');
  clock += 50;
  assert.equal(single.tryAcquire()!.probe, false);
});
