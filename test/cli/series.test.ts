// An evaluation over a series of checkpoints, through the real CLI against the simulator on 127.0.0.1: each
// checkpoint (a `passk-sim@S` student of growing skill) gets its own run, the JSON lists them with their summaries,
// the report draws pass@1, pass@N and maj@N against the series value and tables them, and an entry with neither
// `model` nor `series` is an error at its key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli } from './eval-cli-helpers';

const gsmFile = path.join(dataDir, 'gsm8k', 'test.jsonl');
const SKILLS = [0.3, 1, 3];
const VALUES = [1000, 10000, 100000];

function recipe(baseUrl: string, extra = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-series-'));
  fs.writeFileSync(path.join(dir, 'gsm8k.jsonl'), fs.readFileSync(gsmFile, 'utf8').split('\n').slice(0, 12).join('\n') + '\n');
  const file = path.join(dir, 'series.recipe.yaml');
  fs.writeFileSync(file, `passk: 1
models:
${SKILLS.map((s, i) => `  ck${i}: { baseUrl: "${baseUrl}", model: passk-sim@${s}, concurrency: 8 }`).join('\n')}
datasets:
  gsm8k: { path: gsm8k.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  scaling:
    dataset: gsm8k
    prompt: cot
    samples: 8
    seed: 3
    k: [1, 8]
    series:
      label: SFT problems
      models:
${SKILLS.map((_, i) => `        - { model: ck${i}, value: ${VALUES[i]} }`).join('\n')}
${extra}`);
  return file;
}

type Point = { model: string; value: number; summary: { complete: boolean; passAtK: Record<string, number>; majAtK: Record<string, number> } };

test('a series runs each checkpoint, lists them in JSON and charts them in the report', async () => {
  const sim = await startSimulator({ problems: loadSimProblems(gsmFile) });
  try {
    const file = recipe(sim.url);
    const dry = await runCli(['eval', file, '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(dry.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { entry: string; requests: number }).entry), ['scaling@ck0', 'scaling@ck1', 'scaling@ck2']);
    const r = await runCli(['eval', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { entry: string; label: string; points: Point[] };
    assert.equal(out.label, 'SFT problems');
    assert.deepEqual(out.points.map((p) => [p.model, p.value, p.summary.complete]), [['ck0', 1000, true], ['ck1', 10000, true], ['ck2', 100000, true]]);
    // A student of more skill solves every sample the weaker one solved (the same draws against a higher chance).
    const pass1 = out.points.map((p) => p.summary.passAtK['1']!);
    assert.ok(pass1[0]! < pass1[1]! && pass1[1]! < pass1[2]!, pass1.join(' < '));
    const runDirs = new Set(out.points.map((p) => (p as unknown as { runDir: string }).runDir));
    assert.equal(runDirs.size, 3, 'one run folder per checkpoint');
    const html = path.join(path.dirname(file), 'series.html');
    const rep = await runCli(['report', file, '--html', html, '--json']);
    assert.equal(rep.code, 0, rep.stderr);
    assert.deepEqual((JSON.parse(rep.stdout) as { points: Point[] }).points.map((p) => p.summary.passAtK), out.points.map((p) => p.summary.passAtK));
    const page = fs.readFileSync(html, 'utf8');
    assert.ok(page.includes('aria-label="pass@1, pass@8 and maj@8 against SFT problems"'));
    assert.equal((page.match(/<circle /g) ?? []).length, 9, 'three lines of three points');
    for (const p of out.points) {
      assert.ok(page.includes(`<td class="l">${p.model}</td>`));
      assert.ok(page.includes(`${(p.summary.passAtK['8']! * 100).toFixed(1)}%`), `pass@8 of ${p.model}`);
    }
    // Another rerun sends nothing: every checkpoint's samples are stored.
    const before = sim.stats.completionRequests;
    assert.equal((await runCli(['eval', file])).code, 0);
    assert.equal(sim.stats.completionRequests, before);
  } finally {
    await sim.close();
  }
});

test('an evaluation with neither model nor series is a missing-key error at its key', async () => {
  const file = recipe('http://127.0.0.1:9/v1', '  bare: { dataset: gsm8k, prompt: cot }\n');
  const r = await runCli(['check', file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr + r.stdout, /:23:3: error recipe\/missing-key "evaluate\.bare" needs the key "model"/);
});
