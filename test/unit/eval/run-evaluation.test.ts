// The evaluation engine end to end against the simulator on 127.0.0.1: exact sample counts, figures equal to
// a fault-free run under injected faults, resume without re-requesting, `n` batching and its fallback,
// cancellation, the Batch API path, regrading, and no API key in any file written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator, type Simulator } from '../../../server/src/sim/simulator';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { runEvaluation, loadRun, findRuns, latestRunFor, type RunSummary } from '../../../server/src/eval';
import { displayUrl } from '../../../server/src/text/display-url';
import { keyBinding } from '../../../server/src/sampling/secrets';
import { dataDir } from '../../helpers/paths';
import { allFiles, testRecipe } from './recipe-doc';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
const fast = { env: {}, retryBaseMs: 2 };

/** The figures of a summary without run-specific fields (dirs, times, tokens, latencies). */
function figures(s: RunSummary) {
  return { problems: s.problems, samples: s.samples, passAtK: s.passAtK, majAtK: s.majAtK, ci: s.ci, perProblem: s.perProblem.map((p) => ({ ...p })) };
}

async function withSim<T>(opts: Parameters<typeof startSimulator>[0], fn: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ problems: gsm, ...opts });
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

test('a clean run stores exactly `samples` samples per problem and a documented summary', async () => {
  await withSim({}, async (sim) => {
    const { doc } = testRecipe({ baseUrls: [sim.url], rows: 12 });
    const r = await runEvaluation(doc, 'gsm8k-sim', fast);
    assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
    const s = r.value!;
    assert.equal(s.problems, 12);
    assert.equal(s.samples, 96);
    assert.equal(s.complete, true);
    assert.ok(s.passAtK['1']! < s.passAtK['8']!, 'latent skill: pass@1 below pass@8');
    assert.ok(s.perProblem.every((p) => p.n === 8 && typeof p.passAtK['1'] === 'number'));
    assert.ok(s.perProblem.some((p) => p.answers.length > 0 && p.gold !== ''));
    assert.equal(sim.stats.completionRequests, 12, 'one request of n=8 per problem');
    const loaded = loadRun(s.runDir).value!;
    const samples = [...loaded.samples()];
    assert.equal(samples.length, 96);
    assert.equal(new Set(samples.map((x) => `${x.problem}/${x.index}`)).size, 96);
    assert.equal(loaded.summary!.samples, 96);
    assert.match(path.basename(s.runDir), /^gsm8k-sim-[0-9a-f]{12}$/);
  });
});

test('under 500s, 429s, dropped connections and truncated bodies the figures equal a fault-free run', async () => {
  const clean = await withSim({}, async (sim) => (await runEvaluation(testRecipe({ baseUrls: [sim.url], rows: 10 }).doc, 'gsm8k-sim', fast)).value!);
  const faulty = await withSim({ faults: { error500: 0.15, rate429: 0.15, drop: 0.1, truncate: 0.1, retryAfterSeconds: 0.01 } }, async (sim) => {
    const r = await runEvaluation(testRecipe({ baseUrls: [sim.url], rows: 10, model: { maxRetries: 30 } }).doc, 'gsm8k-sim', fast);
    assert.ok(Object.values(sim.stats.faultsInjected).reduce((a, b) => a + b, 0) > 0, 'faults were injected');
    return r.value!;
  });
  assert.ok(faulty.perProblem.every((p) => p.n === 8));
  assert.deepEqual(figures(faulty), figures(clean));
});

test('rerunning an unchanged recipe sends no request; raising samples requests only the new ones', async () => {
  await withSim({}, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 5 });
    const first = (await runEvaluation(t.doc, 'gsm8k-sim', fast)).value!;
    const before = sim.stats.completionRequests;
    const again = (await runEvaluation(t.doc, 'gsm8k-sim', fast)).value!;
    assert.equal(sim.stats.completionRequests, before);
    assert.deepEqual(figures(again), figures(first));
    t.doc.evaluate.get('gsm8k-sim')!.samples = 12;
    const more = (await runEvaluation(t.doc, 'gsm8k-sim', fast)).value!;
    assert.equal(more.runDir, first.runDir, 'the sample count is not part of the fingerprint');
    assert.equal(sim.stats.choicesServed - 40, 20, 'only 4 new samples per problem were requested');
    assert.ok(more.perProblem.every((p) => p.n === 12));
    t.doc.evaluate.get('gsm8k-sim')!.samples = 8;
    const fewer = (await runEvaluation(t.doc, 'gsm8k-sim', fast)).value!;
    assert.deepEqual(figures(fewer), figures(first), 'lowering samples again reports the first 8 of each problem');
  });
});

test('`n` batching: ceil(samples / n) requests per problem, and a fallback when the server ignores n', async () => {
  await withSim({}, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 3, evaluate: { samples: 10 } });
    await runEvaluation(t.doc, 'gsm8k-sim', { ...fast, maxChoicesPerRequest: 4 });
    assert.equal(sim.stats.completionRequests, 3 * Math.ceil(10 / 4));
  });
  const honoured = await withSim({}, async (sim) => (await runEvaluation(testRecipe({ baseUrls: [sim.url], rows: 3 }).doc, 'gsm8k-sim', fast)).value!);
  await withSim({ honourN: false }, async (sim) => {
    const s = (await runEvaluation(testRecipe({ baseUrls: [sim.url], rows: 3, model: { concurrency: 1 } }).doc, 'gsm8k-sim', fast)).value!;
    assert.ok(s.perProblem.every((p) => p.n === 8));
    assert.equal(sim.stats.completionRequests, 24, 'one request per sample once the fallback kicks in');
    assert.deepEqual(figures(s), figures(honoured), 'per-sample seeds reproduce the n-choice samples exactly');
  });
  await withSim({ maxChoices: 3 }, async (sim) => {
    const s = (await runEvaluation(testRecipe({ baseUrls: [sim.url], rows: 3, model: { concurrency: 1 } }).doc, 'gsm8k-sim', fast)).value!;
    assert.equal(sim.stats.completionRequests, 3 * Math.ceil(8 / 3), 'a server capping n at 3 gets requests of 3');
    assert.deepEqual(figures(s), figures(honoured));
  });
});

test('a bad key stops the run with a message naming the model, and the key is in no file written', async () => {
  const key = 'sk-passk-test-0123456789abcdef';
  await withSim({ apiKey: 'sk-the-right-one' }, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 3, model: { apiKeyTemplate: '${env:PASSK_KEY}' } });
    const r = await runEvaluation(t.doc, 'gsm8k-sim', { ...fast, env: { PASSK_KEY: key } });
    const err = r.problems.find((p) => p.code === 'eval/request-rejected');
    assert.ok(err, JSON.stringify(r.problems));
    assert.match(err.message, /"student"/);
    assert.ok(sim.stats.completionRequests <= 8 + 1, 'a fatal error is not retried');
    for (const f of allFiles(t.dir)) assert.ok(!f.text.includes(key), `${f.file} holds the key`);
    assert.ok(!JSON.stringify(r).includes(key));
  });
  await withSim({ apiKey: key }, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 3, model: { apiKeyTemplate: '${env:PASSK_KEY}' } });
    // Stored keys arrive bound to the model's origin and id (server/src/sampling/secrets.ts).
    const r = await runEvaluation(t.doc, 'gsm8k-sim', { ...fast, env: {}, apiKeys: { [keyBinding(sim.url, t.doc.models.get('student')!.model)!]: key } });
    assert.equal(r.value!.samples, 24);
    for (const f of allFiles(t.dir)) assert.ok(!f.text.includes(key), `${f.file} holds the key`);
  });
});

test('cancel stops the run within a second and keeps what arrived; the rerun completes it', async () => {
  await withSim({ latencyMs: 60 }, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 40, model: { concurrency: 2 } });
    const ac = new AbortController();
    let cancelledAt = 0;
    const r = await runEvaluation(t.doc, 'gsm8k-sim', {
      ...fast, signal: ac.signal, progressEveryMs: 0,
      onProgress: (p) => {
        if (p.done >= 40 && !cancelledAt) {
          cancelledAt = Date.now();
          ac.abort();
        }
      },
    });
    assert.ok(Date.now() - cancelledAt < 1000);
    assert.ok(r.problems.some((p) => p.code === 'eval/cancelled'));
    const partial = r.value!;
    assert.equal(partial.complete, false);
    assert.ok(partial.missing > 0);
    const rest = (await runEvaluation(t.doc, 'gsm8k-sim', fast)).value!;
    assert.equal(rest.complete, true);
    const samples = [...loadRun(rest.runDir).value!.samples()];
    assert.equal(samples.length, 320);
    assert.equal(new Set(samples.map((x) => `${x.problem}/${x.index}`)).size, 320);
  });
});

test('Batch API mode uploads, polls, downloads and stores the same samples as direct requests', async () => {
  const direct = await withSim({}, async (sim) => (await runEvaluation(testRecipe({ baseUrls: [sim.url], rows: 6 }).doc, 'gsm8k-sim', fast)).value!);
  await withSim({ batchDelayMs: 30 }, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 6, model: { batch: true } });
    const r = await runEvaluation(t.doc, 'gsm8k-sim', { ...fast, batchPollMs: 10 });
    assert.deepEqual(r.problems.filter((p) => p.severity !== 'information'), []);
    assert.equal(sim.stats.byRoute['POST /v1/files'], 1);
    assert.equal(sim.stats.byRoute['POST /v1/batches'], 1);
    assert.ok((sim.stats.byRoute['GET /v1/batches/:id'] ?? 0) >= 1);
    assert.equal(sim.stats.completionRequests, 0);
    assert.deepEqual(figures(r.value!), figures(direct));
    assert.ok(!fs.existsSync(path.join(r.value!.runDir, 'batch.json')));
  });
});

test('a changed grader regrades stored samples without requesting any; findRuns and latestRunFor find the run', async () => {
  await withSim({}, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 4 });
    const first = (await runEvaluation(t.doc, 'gsm8k-sim', fast)).value!;
    const requests = sim.stats.completionRequests;
    t.doc.evaluate.get('gsm8k-sim')!.grader = { extract: 'regex:NEVER-MATCHES-(\\d+)', compare: 'exact' };
    const regraded = (await runEvaluation(t.doc, 'gsm8k-sim', fast)).value!;
    assert.equal(sim.stats.completionRequests, requests);
    assert.equal(regraded.runDir, first.runDir);
    assert.equal(regraded.passAtK['1'], 0);
    assert.ok([...loadRun(first.runDir).value!.samples()].every((s) => s.answer === null && !s.correct));
    assert.equal(findRuns(t.doc.file).length, 1);
    assert.equal(findRuns(t.doc.file, 'other').length, 0);
    const latest = (await latestRunFor(t.doc, 'gsm8k-sim'))!;
    assert.equal(latest.dir, first.runDir);
    assert.equal(latest.current, true);
    t.doc.evaluate.get('gsm8k-sim')!.temperature = 0.9;
    assert.equal((await latestRunFor(t.doc, 'gsm8k-sim'))!.current, false);
  });
});

test('untrusted workspaces send nothing; unknown entries are problems, not exceptions', async () => {
  await withSim({}, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 2 });
    const r = await runEvaluation(t.doc, 'gsm8k-sim', { ...fast, allowNetwork: false });
    assert.ok(r.problems.some((p) => p.code === 'eval/network-disallowed'));
    assert.equal(sim.stats.completionRequests, 0);
    const bad = testRecipe({ baseUrls: ['localhost:8000/v1'], rows: 2 });
    const b = await runEvaluation(bad.doc, 'gsm8k-sim', fast);
    assert.ok(b.problems.some((p) => p.code === 'eval/bad-base-url' && p.message.includes('localhost:8000/v1')));
    const u = await runEvaluation(t.doc, 'nope', fast);
    assert.equal(u.value, undefined);
    assert.equal(u.problems[0]!.code, 'eval/unknown-entry');
  });
});

test('a batch interrupted while polling is picked up again, not paid for twice', async () => {
  await withSim({ batchDelayMs: 400 }, async (sim) => {
    const t = testRecipe({ baseUrls: [sim.url], rows: 3, model: { batch: true } });
    const ac = new AbortController();
    const first = runEvaluation(t.doc, 'gsm8k-sim', { ...fast, batchPollMs: 20, signal: ac.signal });
    // Interrupt while polling: once the batch was created and remembered in batch.json (waiting only for the
    // server to see the create request raced with the client writing that file).
    const evalRoot = path.join(path.dirname(t.doc.file), '.passk', 'eval');
    const remembered = () => fs.existsSync(evalRoot) && fs.readdirSync(evalRoot).some((d) => fs.existsSync(path.join(evalRoot, d, 'batch.json')));
    for (let i = 0; i < 400 && !remembered(); i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(remembered(), 'the batch was created and remembered before the interruption');
    ac.abort();
    const cancelled = await first;
    assert.ok(cancelled.problems.some((p) => p.code === 'eval/cancelled'));
    assert.ok(fs.existsSync(path.join(cancelled.value!.runDir, 'batch.json')));
    const resumed = (await runEvaluation(t.doc, 'gsm8k-sim', { ...fast, batchPollMs: 20 })).value!;
    assert.equal(resumed.samples, 24);
    assert.equal(sim.stats.byRoute['POST /v1/batches'], 1, 'the remembered batch was polled, not re-created');
    assert.equal(sim.stats.byRoute['POST /v1/files'], 1);
  });
});

test('run files keep a baseUrl without user, password or query (they can carry secrets)', () => {
  assert.equal(displayUrl('https://user:pw-secret@api.example.com:8443/v1?token=q-secret#x'), 'https://api.example.com:8443/v1');
  assert.equal(displayUrl('not a url'), '(unparseable URL)');
});
