// Synthesis with a `batch: true` model, against the simulator's Batch API on 127.0.0.1: no direct completion
// request is sent, each stage of all candidates goes into one batch (generate, verify, solve: three batches), the
// verdicts equal those of the same synthesis through direct requests, and a run interrupted while its batch is
// in progress is picked up by the rerun instead of being paid for twice; failed lines go into a later batch; and
// the live preview asks directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe';
import { startSimulator, type Simulator } from '../../../server/src/sim/simulator';
import { loadSimProblems } from '../../../server/src/sim/sim-problems';
import { runSynthesis } from '../../../server/src/synthesis/run-synthesis';
import { previewLive } from '../../../server/src/preview/preview-live';
import { PENDING_BATCHES } from '../../../server/src/synthesis/stage-sampler';
import { dataDir } from '../../helpers/paths';

const gsmFile = path.join(dataDir, 'gsm8k', 'test.jsonl');
const gsm = loadSimProblems(gsmFile);

function workspace(sim: Simulator, batch: boolean): { dir: string; doc: ReturnType<typeof analyzeRecipe>['value'] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-synth-batch-'));
  fs.writeFileSync(path.join(dir, 'seeds.jsonl'), fs.readFileSync(gsmFile, 'utf8').split('\n').slice(0, 8).join('\n') + '\n');
  const text = `passk: 1
models:
  sim: { baseUrl: ${sim.url}, model: passk-sim, batch: ${batch}, maxRetries: 3 }
datasets:
  seeds: { path: seeds.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  gen: "Please create a new question based on the given question.\\n{{ seed.question }}\\nWrite the final question after \\"FINAL CREATED QUESTION:\\"."
  check: 'Is the following math word problem well-posed and solvable? Answer "yes" or "no".\\n{{ question }}'
  solve: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
synthesize:
  remix:
    seeds: seeds
    perSeed: 2
    generate: { model: sim, prompt: gen, temperature: 1.0, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }
    verify: { model: sim, prompt: check, accept: '^\\s*yes' }
    solve: { model: sim, prompt: solve, samples: 4, temperature: 0.7 }
    filters:
      consistency: { minAgreement: 0.5 }
    output: out/remix.jsonl
`;
  const file = path.join(dir, 'synth.recipe.yaml');
  fs.writeFileSync(file, text);
  const r = analyzeRecipe(text, { file, env: {} });
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  return { dir, doc: r.value };
}

const fast = { env: {}, retryBaseMs: 2, batchPollMs: 10 };

test('a batch model sends every stage of all candidates as one batch, with the verdicts of direct requests', async () => {
  const direct = await startSimulator({ problems: gsm });
  const batched = await startSimulator({ problems: gsm, batchDelayMs: 30 });
  try {
    const d = workspace(direct, false);
    const want = await runSynthesis(d.doc, 'remix', fast);
    assert.ok(direct.stats.completionRequests > 0);
    const b = workspace(batched, true);
    const got = await runSynthesis(b.doc, 'remix', fast);
    assert.deepEqual(got.problems.filter((p) => p.severity !== 'information'), []);
    assert.equal(batched.stats.completionRequests, 0, 'no direct completion request');
    assert.equal(batched.stats.byRoute['POST /v1/batches'], 3, 'one batch each for generate, verify and solve');
    assert.equal(got.value!.candidates, 16);
    assert.equal(got.value!.completed, true);
    // The two servers are two endpoints, so the run folders' fingerprints differ (docs/runs.md); the verdicts do not.
    assert.deepEqual({ ...got.value!, runDir: '', output: '', fingerprint: '' }, { ...want.value!, runDir: '', output: '', fingerprint: '' });
    assert.ok(got.value!.accepted > 0);
    assert.equal(fs.readFileSync(path.join(b.dir, 'out', 'remix.jsonl'), 'utf8'), fs.readFileSync(path.join(d.dir, 'out', 'remix.jsonl'), 'utf8'));
    assert.ok(!fs.existsSync(path.join(got.value!.runDir, PENDING_BATCHES)), 'no batch left remembered');
  } finally {
    await direct.close();
    await batched.close();
  }
});

test('a synthesis interrupted while its batch is in progress resumes that batch instead of paying for it again', async () => {
  const sim = await startSimulator({ problems: gsm, batchDelayMs: 500 });
  try {
    const ws = workspace(sim, true);
    const ac = new AbortController();
    const first = runSynthesis(ws.doc, 'remix', { ...fast, signal: ac.signal });
    const pending = () => fs.readdirSync(ws.dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith(PENDING_BATCHES));
    for (let i = 0; i < 200 && !pending(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(pending(), 'the batch in progress is remembered in the run folder');
    ac.abort();
    const stopped = await first;
    assert.equal(stopped.value!.candidates, 0);
    assert.equal(sim.stats.byRoute['POST /v1/batches'], 1);
    const second = await runSynthesis(ws.doc, 'remix', fast);
    assert.equal(second.value!.completed, true);
    assert.equal(second.value!.candidates, 16);
    // The generate batch was resumed, not created again: verify and solve add one each.
    assert.equal(sim.stats.byRoute['POST /v1/batches'], 3);
    assert.equal(sim.stats.byRoute['POST /v1/files'], 3);
  } finally {
    await sim.close();
  }
});

test('failed batch lines are asked again in a later batch, up to maxRetries times', async () => {
  const clean = await startSimulator({ problems: gsm, batchDelayMs: 20 });
  const flaky = await startSimulator({ problems: gsm, batchDelayMs: 20, batchLineFailures: 5 });
  const broken = await startSimulator({ problems: gsm, batchDelayMs: 20, batchLineFailures: 1_000_000 });
  try {
    const want = await runSynthesis(workspace(clean, true).doc, 'remix', fast);
    const got = await runSynthesis(workspace(flaky, true).doc, 'remix', fast);
    assert.deepEqual(got.problems.filter((p) => p.severity !== 'information'), []);
    // The two servers are two endpoints, so the run folders' fingerprints differ (docs/runs.md); the verdicts do not.
    assert.deepEqual({ ...got.value!, runDir: '', output: '', fingerprint: '' }, { ...want.value!, runDir: '', output: '', fingerprint: '' });
    assert.ok(flaky.stats.byRoute['POST /v1/batches']! > 3, 'the failed lines went into further batches');
    // Every line fails: each generate request is in 1 + maxRetries (3) batches, then its candidate fails.
    const failed = await runSynthesis(workspace(broken, true).doc, 'remix', fast);
    assert.equal(failed.value!.failed, 16);
    assert.equal(failed.value!.completed, false);
    assert.equal(broken.stats.byRoute['POST /v1/batches'], 4);
    assert.ok(failed.problems.some((p) => p.code === 'synth/requests-failed'));
  } finally {
    await clean.close();
    await flaky.close();
    await broken.close();
  }
});

test('the live preview asks a batch model directly, so its few answers come in seconds', async () => {
  const sim = await startSimulator({ problems: gsm, batchDelayMs: 20 });
  try {
    const r = await previewLive(workspace(sim, true).doc, 'remix', { env: {}, limit: 2 });
    assert.equal(r.value!.length, 2);
    assert.ok(r.value!.every((c) => c.record && c.trace.generated), 'both candidates got a verdict');
    assert.ok(sim.stats.completionRequests >= 2);
    assert.equal(sim.stats.byRoute['POST /v1/batches'], undefined, 'no batch');
  } finally {
    await sim.close();
  }
});
