// The simulator is the test bench for everything else, so its own contract is checked first: seeded
// determinism with `n` equal to separate seeded requests, problems recognised inside templated prompts, a
// latent skill that makes pass@1 far below pass@k, and faults injected exactly as configured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startSimulator } from '../../../server/src/sim/simulator';
import { loadSimProblems, lastBoxed } from '../../../server/src/sim/sim-problems';
import { latentSkill, simulateSample } from '../../../server/src/sim/responder';
import { QuestionIndex } from '../../../server/src/sim/question-index';
import { parseFaultSpec, pickFault } from '../../../server/src/sim/faults';
import { dataDir } from '../../helpers/paths';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test('GSM8K and MATH rows load with their gold answers', () => {
  assert.equal(gsm.length, 1319);
  assert.equal(gsm[0]!.gold, '18');
  const math = loadSimProblems(path.join(dataDir, 'math', 'test.jsonl'));
  assert.equal(math.length, 5000);
  assert.equal(math[0]!.gold, '2');
  assert.equal(lastBoxed('so $\\boxed{\\frac{1}{2}}$ and'), '\\frac{1}{2}');
});

test('a question is found inside a templated prompt, and an unrelated prompt finds none', () => {
  const index = new QuestionIndex(gsm);
  const q = gsm[100]!.question;
  assert.equal(index.find(`USER: ${q}\nLet's think step by step. ASSISTANT:`), gsm[100]);
  assert.equal(index.find('What is the capital of France? Please answer briefly and clearly.'), undefined);
});

test('latent skill puts pass@1 far below pass@64 over the dataset', () => {
  const skills = gsm.map((p) => latentSkill(p.question));
  const pass1 = skills.reduce((s, p) => s + p, 0) / skills.length;
  const pass64 = skills.reduce((s, p) => s + (1 - (1 - p) ** 64), 0) / skills.length;
  assert.ok(pass1 < 0.45 && pass1 > 0.2, `pass@1 ${pass1}`);
  assert.ok(pass64 > pass1 + 0.4, `pass@64 ${pass64} vs pass@1 ${pass1}`);
});

test('samples are deterministic per seed and end with a gradeable final answer', () => {
  const p = gsm[3]!;
  assert.deepEqual(simulateSample(p, 42), simulateSample(p, 42));
  const texts = new Set(Array.from({ length: 20 }, (_, i) => simulateSample(p, i).text));
  assert.ok(texts.size > 1);
  for (let i = 0; i < 20; i++) {
    const s = simulateSample(p, i);
    assert.match(s.text, /(The answer is: .+\.|\\boxed\{.+\}\$\.)$/);
    assert.equal(s.correct, s.answer === p.gold);
  }
});

test('one request with n choices equals n requests with seeds seed+j; honourN=false returns one choice', async () => {
  const sim = await startSimulator({ problems: gsm });
  const lazy = await startSimulator({ problems: gsm, honourN: false });
  try {
    const messages = [{ role: 'user', content: `Solve: ${gsm[7]!.question}` }];
    const batch = (await (await post(`${sim.url}/chat/completions`, { model: 'm', messages, n: 4, seed: 10 })).json()) as { choices: { message: { content: string } }[] };
    assert.equal(batch.choices.length, 4);
    for (let j = 0; j < 4; j++) {
      const one = (await (await post(`${sim.url}/chat/completions`, { model: 'm', messages, n: 1, seed: 10 + j })).json()) as typeof batch;
      assert.equal(one.choices[0]!.message.content, batch.choices[j]!.message.content);
    }
    const ignored = (await (await post(`${lazy.url}/chat/completions`, { model: 'm', messages, n: 4, seed: 10 })).json()) as typeof batch;
    assert.equal(ignored.choices.length, 1);
    const text = (await (await post(`${sim.url}/completions`, { model: 'm', prompt: gsm[7]!.question, seed: 10 })).json()) as { choices: { text: string }[] };
    assert.equal(text.choices[0]!.text, batch.choices[0]!.message.content);
    assert.equal(sim.stats.completionRequests, 6);
    const models = (await (await fetch(`${sim.url}/models`)).json()) as { data: unknown[] };
    assert.equal(models.data.length, 1);
  } finally {
    await sim.close();
    await lazy.close();
  }
});

test('faults are injected as configured: 500, 429 with Retry-After, dropped and truncated responses', async () => {
  assert.deepEqual(parseFaultSpec('500:0.1,429:0.2,drop:0.05,truncate:0.05'), { error500: 0.1, rate429: 0.2, drop: 0.05, truncate: 0.05 });
  assert.throws(() => parseFaultSpec('teapot:0.1'), /bad fault/);
  assert.equal(pickFault({ error500: 0.5 }, 0, 0.49), 'error500');
  assert.equal(pickFault({ error500: 0.5 }, 0, 0.51), undefined);
  const sim = await startSimulator({ problems: gsm, faults: { error500: 1, rate429: 1, drop: 1, truncate: 1, failFirst: 4, retryAfterSeconds: 2 } });
  try {
    const body = { model: 'm', messages: [{ role: 'user', content: gsm[0]!.question }] };
    const r500 = await post(`${sim.url}/chat/completions`, body);
    assert.equal(r500.status, 500);
    const r429 = await post(`${sim.url}/chat/completions`, body);
    assert.equal(r429.status, 429);
    assert.equal(r429.headers.get('retry-after'), '2');
    await assert.rejects(post(`${sim.url}/chat/completions`, body));
    await assert.rejects(async () => JSON.parse(await (await post(`${sim.url}/chat/completions`, body)).text()));
    const fine = await post(`${sim.url}/chat/completions`, body);
    assert.equal(fine.status, 200);
    assert.deepEqual(sim.stats.faultsInjected, { error500: 1, rate429: 1, drop: 1, truncate: 1 });
  } finally {
    await sim.close();
  }
});

test('the simulator binds 127.0.0.1 only and rejects a wrong key with 401', async () => {
  const sim = await startSimulator({ problems: gsm, apiKey: 'sk-right' });
  try {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const r = await fetch(`${sim.url}/models`, { headers: { authorization: 'Bearer sk-wrong' } });
    assert.equal(r.status, 401);
    const ok = await fetch(`${sim.url}/models`, { headers: { authorization: 'Bearer sk-right' } });
    assert.equal(ok.status, 200);
  } finally {
    await sim.close();
  }
});
