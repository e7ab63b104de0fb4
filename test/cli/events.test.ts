// `passk eval|synth --events`: the JSON-lines protocol a supervisor (the language server) follows. The CLI runs
// as a real process against a real HTTP model on 127.0.0.1; the test reads its stdout line by line with the
// same parser the language server uses, sends control lines on its stdin, and passes keys in its environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { encodeLine, parseRunEvent, RUN_KEYS_ENV, type RunEvent } from '../../server/src/protocol/run-events';
import { startChatServer } from '../helpers/chat-server';
import { dataDir, repoRoot } from '../helpers/paths';
import { cliBundle, sampleLines, simProcess, simRecipe } from './eval-cli-helpers';

interface EventsRun {
  events: RunEvent[];
  /** Lines on stdout that are not events: must stay empty, since stdout is the event stream. */
  other: string[];
  stderr: string;
  code: number | null;
}

/** Runs the CLI with `args`, writes `controls` on stdin (each when its condition on the events so far holds). */
function runEvents(args: string[], opts: { env?: NodeJS.ProcessEnv; recipeText?: string; cancelWhen?: (events: RunEvent[]) => boolean } = {}): Promise<EventsRun> {
  const child = spawn(process.execPath, [cliBundle(), ...args], { cwd: repoRoot, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const run: EventsRun = { events: [], other: [], stderr: '', code: null };
  if (opts.recipeText !== undefined) child.stdin.write(encodeLine({ type: 'recipe', text: opts.recipeText }));
  let cancelled = false;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const e = parseRunEvent(line);
    if (e) run.events.push(e);
    else run.other.push(line);
    if (!cancelled && opts.cancelWhen?.(run.events)) {
      cancelled = true;
      child.stdin.write(encodeLine({ type: 'cancel' }));
    }
  });
  child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ ...run, code })));
}

const resultOf = (r: EventsRun) => {
  const last = r.events.at(-1);
  assert.equal(last?.type, 'result', `the last event is the result: ${JSON.stringify(r.events.slice(-2))} ${r.stderr}`);
  return last.type === 'result' ? last.result : assert.fail('no result');
};

test('eval --events runs the recipe text sent on stdin, reports progress, ends with the result and uses the key from its environment', async () => {
  const key = 'sk-events-key-0042';
  const server = await startChatServer((r) => Array.from({ length: r.n }, () => 'The answer is: 18.'));
  try {
    // The file on disk asks for 8 samples; the text on stdin (the editor's unsaved buffer) for 2, and it wins.
    const { recipe, dir } = simRecipe(server.url, { rows: 3, samples: 8 });
    const text = fs.readFileSync(recipe, 'utf8').replace('samples: 8', 'samples: 2').replace('k: [1, 2, 8]', 'k: [1, 2]');
    const binding = `${new URL(server.url).origin} passk-sim`;
    const r = await runEvents(['eval', recipe, '--entry', 'sim-eval', '--events', '--recipe-on-stdin'], { env: { [RUN_KEYS_ENV]: JSON.stringify({ [binding]: key }) }, recipeText: text });
    assert.deepEqual(r.other, [], 'stdout holds only events');
    const result = resultOf(r);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(result.entry, 'sim-eval');
    assert.equal(result.expectedSamples, 6);
    assert.equal(result.samples, 6);
    assert.equal(result.completed, true);
    assert.equal(result.passAtK['1'], 1 / 3, 'only the first row answers 18');
    assert.equal(sampleLines(dir).length, 6);
    const progress = r.events.filter((e) => e.type === 'progress');
    assert.ok(progress.length >= 1);
    assert.deepEqual(progress.at(-1), { type: 'progress', done: 6, total: 6, message: '6/6 samples' });
    assert.ok(server.authHeaders.length > 0 && server.authHeaders.every((h) => h === `Bearer ${key}`), server.authHeaders.join(','));
    assert.ok(!r.stderr.includes(key) && !r.events.some((e) => JSON.stringify(e).includes(key)));
  } finally {
    await server.close();
  }
});

test('the keys variable is emptied before the recipe is read, so ${env:…} in a recipe cannot send it anywhere', async () => {
  const key = 'sk-never-in-a-header-77';
  const server = await startChatServer((r) => Array.from({ length: r.n }, () => 'The answer is: 1.'));
  try {
    const { recipe } = simRecipe(server.url, { rows: 1, samples: 1, apiKey: `"\${env:${RUN_KEYS_ENV}}"` });
    const r = await runEvents(['eval', recipe, '--events'], { env: { [RUN_KEYS_ENV]: JSON.stringify({ 'https://elsewhere.example passk-sim': key }) } });
    assert.ok(!server.authHeaders.some((h) => h.includes(key)), 'the key never reached the model server');
    assert.ok(!r.stderr.includes(key) && !r.events.some((e) => JSON.stringify(e).includes(key)));
  } finally {
    await server.close();
  }
});

test('a cancel line stops the run cleanly: exit 130, a result that is not complete, and the samples kept', async () => {
  const slow = await simProcess(['--dataset', path.join(dataDir, 'gsm8k', 'test.jsonl'), '--latency-ms', '400', '--ignore-n']);
  try {
    const { recipe, dir } = simRecipe(slow.url, { rows: 20, samples: 8, concurrency: 2 });
    const r = await runEvents(['eval', recipe, '--events'], { cancelWhen: (events) => events.some((e) => e.type === 'progress' && e.done >= 2) });
    assert.equal(r.code, 130, r.stderr);
    const result = resultOf(r);
    assert.equal(result.completed, false);
    assert.ok(result.samples >= 2 && result.samples < 160, `${result.samples} samples`);
    assert.equal(sampleLines(dir).length, result.samples, 'every sample the result counts is on disk');
  } finally {
    await slow.close();
  }
});

test('a recipe with errors ends with a failed event and exit 2', async () => {
  const { recipe } = simRecipe('http://127.0.0.1:9/v1', { rows: 1 });
  const r = await runEvents(['eval', recipe, '--events', '--recipe-on-stdin'], { recipeText: 'passk: 1\nmodels: [\n' });
  assert.equal(r.code, 2);
  assert.equal(r.events.at(-1)?.type, 'failed');
});
