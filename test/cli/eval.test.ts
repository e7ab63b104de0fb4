// `passk eval` as users run it: a spawned CLI process against the simulator on 127.0.0.1. Covers the JSON
// contract of README.md, "The CLI", progress on stderr, SIGKILL mid-run followed by a resume that loses and duplicates
// nothing, an unchanged rerun that sends no request, and an API key that reaches no output or file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { dataDir } from '../helpers/paths';
import { runCli, sampleLines, simRecipe } from './eval-cli-helpers';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

test('passk eval --json prints the documented object with entry and runDir; no progress off a terminal', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 6 });
    const r = await runCli(['eval', recipe, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { perProblem: Record<string, unknown>[]; passAtK: Record<string, number>; majAtK: Record<string, number> };
    assert.equal(out.entry, 'sim-eval');
    assert.equal(out.problems, 6);
    assert.equal(out.samples, 48);
    assert.deepEqual(Object.keys(out.passAtK), ['1', '2', '8']);
    assert.ok(Object.values(out.passAtK).every((v) => v >= 0 && v <= 1));
    assert.ok(Object.values(out.majAtK).every((v) => v >= 0 && v <= 1));
    for (const key of ['problem', 'n', 'correct', 'passAtK', 'majAtK']) assert.ok(key in out.perProblem[0]!, key);
    assert.ok(String(out.runDir).startsWith(path.join(dir, '.passk', 'eval', 'sim-eval-')));
    // stderr is a pipe here, not a terminal: no progress, only messages.
    assert.doesNotMatch(r.stderr, /samples\/s|ETA/);
    const table = await runCli(['eval', recipe, '--limit', '3']);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /pass@k/);
  } finally {
    await sim.close();
  }
});

test('SIGKILL mid-run, then resume: no sample lost or duplicated, and an unchanged rerun sends no request', async () => {
  const sim = await startSimulator({ problems: gsm, latencyMs: 15, honourN: false });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 20, samples: 8, concurrency: 4 });
    const killed = await runCli(['eval', recipe], {
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (sampleLines(dir).length >= 30) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 5);
      },
    });
    assert.equal(killed.signal, 'SIGKILL');
    const partial = sampleLines(dir).length;
    assert.ok(partial >= 30 && partial < 160, `killed after ${partial} samples`);
    const resumed = await runCli(['eval', recipe, '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const lines = sampleLines(dir).map((l) => JSON.parse(l) as { problem: string; index: number });
    assert.equal(lines.length, 160);
    assert.equal(new Set(lines.map((l) => `${l.problem}/${l.index}`)).size, 160);
    const served = sim.stats.choicesServed;
    assert.ok(served - 160 <= 4, `at most the in-flight requests at the kill were lost (${served - 160})`);
    const before = sim.stats.completionRequests;
    const again = await runCli(['eval', recipe, '--json']);
    assert.equal(again.code, 0);
    assert.equal(sim.stats.completionRequests, before, 'an unchanged recipe sends no request');
    assert.deepEqual(JSON.parse(again.stdout).passAtK, JSON.parse(resumed.stdout).passAtK);
  } finally {
    await sim.close();
  }
});

test('the API key reaches the server but no output, no run file and no error message', async () => {
  const key = 'sk-cli-secret-5f3a9b1c7d';
  const sim = await startSimulator({ problems: gsm, apiKey: key });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 3, apiKey: '${env:PASSK_CLI_KEY}' });
    const r = await runCli(['eval', recipe, '--json'], { env: { PASSK_CLI_KEY: key } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(sim.stats.authorizations.every((a) => a === `Bearer ${key}`) && sim.stats.authorizations.length > 0);
    assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key));
    for (const f of filesUnder(dir)) assert.ok(!fs.readFileSync(f, 'utf8').includes(key), `${f} holds the key`);
    const report = await runCli(['report', recipe, '--html', path.join(dir, 'r.html'), '--junit', path.join(dir, 'r.xml')]);
    assert.equal(report.code, 0, report.stderr);
    for (const f of filesUnder(dir)) assert.ok(!fs.readFileSync(f, 'utf8').includes(key), `${f} holds the key`);
    const wrong = await runCli(['eval', recipe, '--json', '--limit', '3'], { env: { PASSK_CLI_KEY: 'sk-wrong-key-00000000' } });
    assert.ok(!wrong.stderr.includes('sk-wrong-key-00000000') && !wrong.stdout.includes('sk-wrong-key-00000000'));
  } finally {
    await sim.close();
  }
});

test('a rejected key exits 1 with a message naming the model; bad arguments and an unreadable recipe exit 2', async () => {
  const sim = await startSimulator({ problems: gsm, apiKey: 'sk-needed' });
  try {
    const { recipe } = simRecipe(sim.url, { rows: 2 });
    const r = await runCli(['eval', recipe]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /eval\/request-rejected .*"sim"/);
    const bad = await runCli(['eval', recipe, '--limit', 'x']);
    assert.equal(bad.code, 2);
    const missing = await runCli(['eval', '/nonexistent/x.recipe.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read/);
  } finally {
    await sim.close();
  }
});

test('Ctrl-C (SIGINT) stops the run promptly, exits 130 and leaves a summary of what arrived', async () => {
  const sim = await startSimulator({ problems: gsm, latencyMs: 50 });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 30, samples: 8, concurrency: 2 });
    let sentAt = 0;
    const r = await runCli(['eval', recipe, '--json'], {
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (sampleLines(dir).length >= 16) {
            clearInterval(timer);
            sentAt = Date.now();
            child.kill('SIGINT');
          }
        }, 5);
      },
    });
    assert.ok(Date.now() - sentAt < 1500, `exited ${Date.now() - sentAt} ms after SIGINT`);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /eval\/cancelled/);
    const s = JSON.parse(r.stdout) as { complete: boolean; missing: number; samples: number };
    assert.equal(s.complete, false);
    assert.equal(s.samples + s.missing, 240);
    assert.equal(s.samples, sampleLines(dir).length);
  } finally {
    await sim.close();
  }
});
