// `passk eval --dry-run` as users run it: a spawned CLI process, the JSON contract of README.md ("Cost and time
// before a run"), prompt tokens counted with the real tokenizer, the request count following the `n` limit of
// one request, and a resumed run's stored samples (made against the simulator on 127.0.0.1) not counted again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli, sampleLines } from './eval-cli-helpers';

const gsmFile = path.join(dataDir, 'gsm8k', 'test.jsonl');
const rows = fs.readFileSync(gsmFile, 'utf8').split('\n').filter(Boolean).slice(0, 6);
const SUFFIX = "\nIn the end, write 'The answer is: <ANSWER>.'";

function recipe(baseUrl: string, opts: { samples: number; price?: boolean; rpm?: number; batch?: boolean }): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-dry-'));
  fs.writeFileSync(path.join(dir, 'gsm8k.jsonl'), rows.join('\n') + '\n');
  const file = path.join(dir, 'dry.recipe.yaml');
  fs.writeFileSync(file, `passk: 1
models:
  sim:
    baseUrl: ${baseUrl}
    model: passk-sim
    concurrency: 64${opts.price ? '\n    price: { inputPerMTok: 2.5, outputPerMTok: 10 }' : ''}${opts.rpm ? `\n    rpm: ${opts.rpm}` : ''}${opts.batch ? '\n    batch: true' : ''}
datasets:
  gsm8k: { path: gsm8k.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  first:
    model: sim
    dataset: gsm8k
    prompt: cot
    samples: ${opts.samples}
    maxTokens: 300
    seed: 5
  second:
    model: sim
    dataset: gsm8k
    prompt: cot
    samples: 1
    maxTokens: 100
    limit: 2
`);
  return { dir, file };
}

/** A chat request's prompt tokens: the user message plus OpenAI's per-message and reply-priming overhead. */
const chatTokens = (question: string) => countTokens(question + SUFFIX) + 3 + 3;
const questions = rows.map((r) => (JSON.parse(r) as { question: string }).question);

test('--dry-run --json prints one object per entry with exactly the documented keys, and sends nothing', async () => {
  const sim = await startSimulator({ problems: loadSimProblems(gsmFile) });
  try {
    const { dir, file } = recipe(sim.url, { samples: 200, price: true, rpm: 120 });
    const r = await runCli(['eval', file, '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    const [first, second] = lines as [Record<string, any>, Record<string, any>];
    assert.deepEqual(Object.keys(first), ['entry', 'requests', 'samples', 'promptTokens', 'maxCompletionTokens', 'cost', 'seconds']);
    assert.equal(first.entry, 'first');
    // 200 samples need two requests a problem: at most 128 choices go in one.
    assert.equal(first.requests, 12);
    assert.equal(first.samples, 1200);
    const prompt = questions.reduce((s, q) => s + 2 * chatTokens(q), 0);
    assert.equal(first.promptTokens, prompt);
    assert.equal(first.maxCompletionTokens, 1200 * 300);
    assert.deepEqual(Object.keys(first.cost), ['max']);
    assert.ok(Math.abs(first.cost.max - (prompt * 2.5 + 1200 * 300 * 10) / 1e6) < 1e-9);
    // 120 requests a minute, two at once to start: 10 more take 5 seconds.
    assert.equal(first.seconds.min, 5);
    assert.equal(second.entry, 'second');
    assert.equal(second.requests, 2);
    assert.equal(second.maxCompletionTokens, 200);
    assert.equal(sim.stats.completionRequests, 0);
    assert.equal(fs.existsSync(path.join(dir, '.passk')), false, 'a dry run writes no run folder');
  } finally {
    await sim.close();
  }
});

test('--dry-run without price or rate limit gives null cost and seconds; --entry picks one entry', async () => {
  const { file } = recipe('http://127.0.0.1:9/v1', { samples: 4 });
  const r = await runCli(['eval', file, '--dry-run', '--json', '--entry', 'first', '--limit', '3']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(out, {
    entry: 'first', requests: 3, samples: 12, promptTokens: questions.slice(0, 3).reduce((s, q) => s + chatTokens(q), 0),
    maxCompletionTokens: 12 * 300, cost: null, seconds: null,
  });
  const text = await runCli(['eval', file, '--dry-run', '-e', 'first']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^first: 24 sample\(s\) to request · ≈ 6 requests · \d+ prompt tokens · ≤ 7 200 completion tokens\n$/);
  const unknown = await runCli(['eval', file, '--dry-run', '-e', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /eval\/unknown-entry/);
});

test('after part of a run, --dry-run counts only the samples still missing', async () => {
  const sim = await startSimulator({ problems: loadSimProblems(gsmFile) });
  try {
    const { dir, file } = recipe(sim.url, { samples: 8, price: true });
    const part = await runCli(['eval', file, '-e', 'first', '--limit', '4', '--json']);
    assert.equal(part.code, 0, part.stderr);
    assert.equal(sampleLines(dir).length, 32);
    const r = await runCli(['eval', file, '--dry-run', '--json', '-e', 'first']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    assert.equal(out.requests, 2);
    assert.equal(out.samples, 16);
    assert.equal(out.promptTokens, chatTokens(questions[4]!) + chatTokens(questions[5]!));
    // Earlier samples recorded latencies, so concurrency bounds the time from below.
    assert.ok(out.seconds !== null && out.seconds.min >= 0, JSON.stringify(out.seconds));
    // The finished run knows what it spent.
    const spent = JSON.parse(part.stdout) as { tokens: { prompt: number; completion: number }; cost: { spent: number } };
    assert.ok(spent.tokens.prompt > 0 && spent.tokens.completion > 0);
    assert.ok(Math.abs(spent.cost.spent - (spent.tokens.prompt * 2.5 + spent.tokens.completion * 10) / 1e6) < 1e-12);
    const html = path.join(dir, 'report.html');
    const report = await runCli(['report', file, '-e', 'first', '--html', html]);
    assert.equal(report.code, 0, report.stderr);
    const page = fs.readFileSync(html, 'utf8');
    assert.ok(page.includes(`Tokens used: <b>${spent.tokens.prompt}</b> prompt, <b>${spent.tokens.completion}</b> completion; cost <b>`), page.slice(page.indexOf('Tokens'), page.indexOf('Tokens') + 200));
  } finally {
    await sim.close();
  }
});
