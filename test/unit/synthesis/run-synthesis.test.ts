// The synthesis engine end to end against a real HTTP server on 127.0.0.1: every filter rejects what it should,
// the SFT output holds exactly the accepted problems, a cancelled run resumes without re-asking, an unchanged
// rerun sends no request, `count` stops the run, and the API key goes only into the Authorization header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe';
import { runSynthesis } from '../../../server/src/synthesis/run-synthesis';
import { previewEntry } from '../../../server/src/preview/preview-entry';
import { previewLive } from '../../../server/src/preview/preview-live';
import { LEAKED_TEST_PROBLEM, MARKED_SEEDS, startFakeTeacher, type FakeTeacher } from './fake-teacher';

const KEY = 'sk-test-synth-5b1f0c9e';
const seeds = MARKED_SEEDS;

function workspace(teacher: FakeTeacher, extra = ''): { file: string; dir: string; text: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-synth-'));
  fs.writeFileSync(path.join(dir, 'seeds.jsonl'), seeds.map((q, i) => JSON.stringify({ question: q, answer: `#### ${i}` })).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'test.jsonl'), JSON.stringify({ question: LEAKED_TEST_PROBLEM, answer: '#### 42' }) + '\n');
  const text = `passk: 1
models:
  teacher: { baseUrl: ${teacher.url}, model: fake-teacher, apiKey: '\${env:SYNTH_KEY}', concurrency: 3 }
datasets:
  seeds: { path: seeds.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
  test: { path: test.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  gen: "Given Question: {{ seed.question }}\\n\\nWrite the final question after FINAL CREATED QUESTION:"
  check: 'Is this well-posed? Answer "yes" or "no". {{ question }}'
  solve: "{{ question }} Solve it."
synthesize:
  remix:
    seeds: seeds
    perSeed: 2
    generate: { model: teacher, prompt: gen, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }
    verify: { model: teacher, prompt: check, accept: '^\\s*yes' }
    solve: { model: teacher, prompt: solve, samples: 4 }
    filters:
      consistency: { minAgreement: 0.75 }
      dedup: { ngram: 5, threshold: 0.9 }
      decontaminate: { against: [test], ngram: 13 }
    output: out/remix.jsonl
${extra}`;
  const file = path.join(dir, 'synth.recipe.yaml');
  fs.writeFileSync(file, text);
  return { file, dir, text };
}

function load(ws: { file: string; text: string }) {
  const r = analyzeRecipe(ws.text, { file: ws.file, env: { SYNTH_KEY: KEY } });
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  return r.value;
}

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('every filter rejects what it should and the output holds exactly the accepted problems', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher);
    const r = await runSynthesis(load(ws), 'remix', { env: { SYNTH_KEY: KEY }, retryBaseMs: 1 });
    assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
    const s = r.value!;
    assert.equal(s.candidates, 14);
    // Seeds 0 and 6 make 2 good problems each; the DUP seed makes one good problem and one duplicate; the LEAK
    // seed's two candidates are the same leaked problem, so the second is caught as a duplicate before the
    // contamination check (dedup is the cheaper filter and runs first).
    assert.equal(s.accepted, 5);
    assert.deepEqual(s.rejected, { duplicate: 2, contaminated: 1, unparsable: 2, unverified: 2, inconsistent: 2 });
    const rows = fs.readFileSync(path.join(ws.dir, 'out', 'remix.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(rows.length, 5);
    for (const row of rows) {
      assert.equal(row.answer, '42');
      assert.equal(row.messages[0].role, 'user');
      assert.match(row.messages[0].content, /^Remix /);
      assert.match(row.messages[1].content, /The answer is: 42/);
      assert.equal(row.meta.agreement, 1);
      assert.equal(row.meta.solutions, 4);
    }
    assert.deepEqual(rows.map((r) => r.meta.seed), ['1', '1', '2', '7', '7']);
    // The key went to the server in the Authorization header and nowhere else.
    assert.ok(teacher.authHeaders.every((h) => h === `Bearer ${KEY}`));
    for (const f of allFiles(ws.dir)) assert.ok(!fs.readFileSync(f, 'utf8').includes(KEY), `${f} holds the key`);
  } finally {
    await teacher.close();
  }
});

test('a cancelled run resumes where it stopped, and an unchanged rerun sends no request', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher);
    const doc = load(ws);
    const controller = new AbortController();
    let seen = 0;
    const first = await runSynthesis(doc, 'remix', {
      env: { SYNTH_KEY: KEY }, signal: controller.signal, retryBaseMs: 1,
      onProgress: (p) => { if (p.done >= 4 && seen++ === 0) controller.abort(); },
    });
    assert.ok(first.problems.some((p) => p.code === 'synth/cancelled'));
    const partial = first.value!.candidates;
    assert.ok(partial >= 4 && partial < 14, `cancelled after ${partial} candidates`);
    const second = await runSynthesis(doc, 'remix', { env: { SYNTH_KEY: KEY }, retryBaseMs: 1 });
    assert.equal(second.value!.candidates, 14);
    assert.equal(second.value!.accepted, 5);
    const journal = fs.readFileSync(path.join(second.value!.runDir, 'candidates.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).key);
    assert.equal(new Set(journal).size, journal.length, 'no candidate journaled twice');
    assert.equal(journal.length, 14);
    const before = teacher.requests;
    const third = await runSynthesis(doc, 'remix', { env: { SYNTH_KEY: KEY } });
    assert.equal(teacher.requests, before, 'an unchanged recipe sends no request');
    assert.equal(third.value!.accepted, 5);
  } finally {
    await teacher.close();
  }
});

test('a rerun with a smaller --limit reports and exports only its own seeds, without new requests', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher);
    const doc = load(ws);
    await runSynthesis(doc, 'remix', { env: { SYNTH_KEY: KEY }, retryBaseMs: 1 });
    const before = teacher.requests;
    const r = await runSynthesis(doc, 'remix', { env: { SYNTH_KEY: KEY }, limit: 2 });
    assert.equal(teacher.requests, before);
    assert.equal(r.value!.seeds, 2);
    assert.equal(r.value!.candidates, 4);
    assert.equal(r.value!.accepted, 3);
    const rows = fs.readFileSync(path.join(ws.dir, 'out', 'remix.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((row) => row.meta.seed), ['1', '1', '2']);
  } finally {
    await teacher.close();
  }
});

test('count stops the run once enough problems are accepted', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher);
    const text = ws.text.replace('    perSeed: 2\n', '    perSeed: 2\n    count: 2\n');
    fs.writeFileSync(ws.file, text);
    const r = await runSynthesis(load({ file: ws.file, text }), 'remix', { env: { SYNTH_KEY: KEY }, retryBaseMs: 1 });
    const rows = fs.readFileSync(path.join(ws.dir, 'out', 'remix.jsonl'), 'utf8').trim().split('\n');
    assert.equal(rows.length, 2);
    assert.equal(r.value!.accepted, 2);
    assert.ok(r.value!.candidates < 14, `stopped early after ${r.value!.candidates} candidates`);
  } finally {
    await teacher.close();
  }
});

test('untrusted: no request is sent, and the preview still renders', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher);
    const doc = load(ws);
    const r = await runSynthesis(doc, 'remix', { env: { SYNTH_KEY: KEY }, allowNetwork: false });
    assert.ok(r.problems.some((p) => p.code === 'synth/network-disallowed'));
    const live = await previewLive(doc, 'remix', { env: { SYNTH_KEY: KEY }, allowNetwork: false });
    assert.ok(live.problems.some((p) => p.code === 'preview/network-disallowed'));
    assert.equal(teacher.requests, 0);
    const p = await previewEntry(doc, undefined, 2);
    assert.equal(p.value!.kind, 'synthesize');
    assert.deepEqual(p.value!.items.map((i) => i.problem), ['1', '2']);
    assert.match(p.value!.items[0]!.messages[0]!.content, /^Given Question: Tom has 3 apples/);
  } finally {
    await teacher.close();
  }
});

test('the live preview shows every stage of the first seeds', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher);
    const r = await previewLive(load(ws), 'remix', { env: { SYNTH_KEY: KEY }, limit: 5 });
    const [ok, , leak, junk, unsolvable] = r.value!;
    assert.equal(ok!.record!.status, 'accepted');
    assert.match(ok!.trace.generated!, /FINAL CREATED QUESTION/);
    assert.match(ok!.trace.verification!, /^yes/);
    assert.deepEqual(ok!.trace.solutions!.map((s) => s.answer), ['42', '42', '42', '42']);
    assert.equal(leak!.record!.reason, 'contaminated');
    assert.equal(junk!.record!.reason, 'unparsable');
    assert.equal(unsolvable!.record!.reason, 'unverified');
    assert.equal(fs.existsSync(path.join(ws.dir, 'out')), false, 'the preview exports nothing');
  } finally {
    await teacher.close();
  }
});
