// The escape corpus through the real CLI (a bundle of server/src/cli/main.ts, spawned as users run it), with a
// simulator on 127.0.0.1 as the model: `passk check`, `preview`, `preview --live`, `eval` and `synth`. The
// static attempts share one recipe (every command refuses it at load, listing each attempt at its line); the
// runtime attempts pass analysis, so each command must render them and refuse at the guarded lookup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { runCli } from '../cli/eval-cli-helpers';
import { attemptTemplate, DATASET_JSONL, ESCAPES, forSeed, markerName, type EscapeAttempt } from './template-escapes';

const STATIC = ESCAPES.filter((a) => a.stage === 'static');
const RUNTIME = ESCAPES.filter((a) => a.stage === 'runtime');
const REFUSED = /templates may not use|templates may call only|template\/unsafe/;

let dir: string;
let sim: Awaited<ReturnType<typeof startSimulator>>;
const marker = (a: EscapeAttempt) => path.join(dir, 'markers', markerName(a));

function recipe(url: string, attempts: EscapeAttempt[]): string {
  const prompts = attempts.flatMap((a) => [
    `  p-${a.name}: ${JSON.stringify(attemptTemplate(a, marker(a)))}`,
    `  g-${a.name}: ${JSON.stringify(forSeed(attemptTemplate(a, marker(a))))}`,
  ]);
  const evaluate = attempts.map((a) => `  e-${a.name}: { model: sim, dataset: data, prompt: p-${a.name}, samples: 2, k: [1] }`);
  const synthesize = attempts.map((a) => `  s-${a.name}: { seeds: data, generate: { model: sim, prompt: g-${a.name} }, solve: { model: sim, prompt: solve, samples: 2 }, output: out-${a.name}.jsonl }`);
  return ['passk: 1', 'models:', `  sim: { baseUrl: ${url}, model: passk-sim, api: chat, maxRetries: 0 }`, 'datasets:',
    '  data: { path: data.jsonl, question: question, answer: { field: answer, extract: gsm8k } }', 'prompts:', '  solve: "{{ question }}"',
    ...prompts, 'evaluate:', ...evaluate, 'synthesize:', ...synthesize, ''].join('\n');
}

function assertNoMarkers(): void {
  const escaped = fs.readdirSync(path.join(dir, 'markers'));
  assert.deepEqual(escaped, [], 'attempts escaped');
}

before(async () => {
  sim = await startSimulator({ problems: [] });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tpl-cli-'));
  fs.mkdirSync(path.join(dir, 'markers'));
  fs.writeFileSync(path.join(dir, 'data.jsonl'), DATASET_JSONL);
  fs.writeFileSync(path.join(dir, 'static.recipe.yaml'), recipe(sim.url, STATIC));
  fs.writeFileSync(path.join(dir, 'runtime.recipe.yaml'), recipe(sim.url, RUNTIME));
});

after(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('passk check, preview, preview --live, eval and synth refuse the static attempts at load, each at its prompt line', async () => {
  const file = path.join(dir, 'static.recipe.yaml');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const runs: string[][] = [['check', file], ['preview', file], ['preview', file, '--live'], ['eval', file], ['synth', file]];
  for (const args of runs) {
    const r = await runCli(args, { cwd: dir });
    const out = r.stdout + r.stderr;
    // README, exit codes: `check` exits 1 when it finds errors; the other commands refuse a recipe with errors (2).
    assert.equal(r.code, args[0] === 'check' ? 1 : 2, `${args.join(' ')}: exit code`);
    for (const a of STATIC) {
      for (const prefix of ['p-', 'g-']) {
        const line = lines.findIndex((l) => l.startsWith(`  ${prefix}${a.name}:`)) + 1;
        assert.match(out, new RegExp(`static\\.recipe\\.yaml:${line}:\\d+: error template/unsafe `), `${args.join(' ')}: ${prefix}${a.name} (line ${line})`);
      }
    }
    assertNoMarkers();
  }
  assert.equal(sim.stats.completionRequests, 0, 'no model was called');
});

test('passk check accepts the runtime attempts (they pass analysis); nothing runs', async () => {
  const r = await runCli(['check', path.join(dir, 'runtime.recipe.yaml')], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assertNoMarkers();
});

test('passk preview, eval, synth and preview --live render the runtime attempts and refuse each one', async () => {
  const file = path.join(dir, 'runtime.recipe.yaml');
  for (const a of RUNTIME) {
    for (const args of [['preview', file, '--entry', `e-${a.name}`], ['eval', file, '--entry', `e-${a.name}`], ['synth', file, '--entry', `s-${a.name}`], ['preview', file, '--live', '--entry', `s-${a.name}`]]) {
      const r = await runCli(args, { cwd: dir });
      const out = r.stdout + r.stderr;
      // The live preview shows a failed candidate inline (`! …`) and still exits 0, as for a failed request.
      if (!args.includes('--live')) assert.notEqual(r.code, 0, `${args.join(' ')}: ${out}`);
      assert.match(out, REFUSED, `${args.join(' ')} reports the refusal: ${out}`);
      if (args[0] === 'preview' && !args.includes('--live')) {
        // The refusal is shown at its place in the recipe: the line of the prompt that holds the construct.
        const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(`  p-${a.name}:`)) + 1;
        assert.match(out, new RegExp(`runtime\\.recipe\\.yaml:${line}:\\d+: error template/unsafe `), out);
      }
      assertNoMarkers();
    }
  }
  assert.equal(sim.stats.completionRequests, 0, 'no prompt was sent');
});
