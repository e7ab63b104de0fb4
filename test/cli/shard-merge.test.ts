// `passk eval --shard i/N` and `passk merge` as users run them, against the simulator and the scripted chat
// server on 127.0.0.1: four shards merged give the figures, JSON and report of an unsharded run of the same
// recipe, an eval of the merged run sends no request, and shards that are missing, given twice, of another run,
// tampered with or planted as links are refused with a merge/* problem and nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../server/src/sim/simulator';
import { loadSimProblems } from '../../server/src/sim/sim-problems';
import { shardOf } from '../../server/src/runs/shard-spec';
import { startChatServer } from '../helpers/chat-server';
import { dataDir } from '../helpers/paths';
import { runCli, simRecipe } from './eval-cli-helpers';
import { startFakeTeacher } from '../unit/synthesis/fake-teacher';
import { synthWorkspace } from '../helpers/synth-workspace';

const gsm = loadSimProblems(path.join(dataDir, 'gsm8k', 'test.jsonl'));
const N = 4;

type Summary = Record<string, unknown> & { config: Record<string, any>; perProblem: { problem: string }[]; runDir: string };

/** The same recipe and dataset in a second folder: the same run identities, its own `.passk/`. */
function twin(dir: string): string {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-cli-twin-'));
  for (const f of fs.readdirSync(dir)) if (f !== '.passk') fs.copyFileSync(path.join(dir, f), path.join(other, f));
  return other;
}

/** What a run's figures are: everything in its summary but where it lives and when it ran. */
function figures(s: Summary): Record<string, unknown> {
  const { runDir: _d, created: _c, updated: _u, provenance: _p, config, ...rest } = s;
  const { recipe: _r, dataset, ...cfg } = config;
  return { ...rest, config: { ...cfg, dataset: { ...dataset, path: path.basename(dataset.path) } } };
}

async function shardsAndMerge(recipe: string, mergeCode = 0, beforeMerge?: (shards: Summary[]) => void): Promise<{ shards: Summary[]; merged: Summary }> {
  const shards: Summary[] = [];
  for (let i = 0; i < N; i++) {
    const r = await runCli(['eval', recipe, '--shard', `${i}/${N}`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    shards.push(JSON.parse(r.stdout) as Summary);
  }
  beforeMerge?.(shards);
  const m = await runCli(['merge', recipe, '--json']);
  assert.equal(m.code, mergeCode, m.stderr);
  assert.match(m.stderr, new RegExp(`merged ${N} shard\\(s\\)`));
  return { shards, merged: JSON.parse(m.stdout) as Summary };
}

test('four shards against the simulator merge into the figures, JSON and report of an unsharded run', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 24, samples: 8 });
    const other = twin(dir);
    const whole = await runCli(['eval', path.join(other, path.basename(recipe)), '--json']);
    assert.equal(whole.code, 0, whole.stderr);
    const unsharded = JSON.parse(whole.stdout) as Summary;
    const { shards, merged } = await shardsAndMerge(recipe);
    // Each shard ran exactly its problems, in a folder of its own named after the shard.
    const ids = unsharded.perProblem.map((p) => p.problem);
    for (let i = 0; i < N; i++) {
      assert.deepEqual(shards[i]!.perProblem.map((p) => p.problem), ids.filter((id) => shardOf(id, N) === i));
      assert.match(path.basename(shards[i]!.runDir), new RegExp(`^sim-eval\\.shard-${i}-of-${N}-[0-9a-f]{12}$`));
      assert.deepEqual(shards[i]!.config.shard, { index: i, count: N, problems: ids.length });
    }
    assert.ok(shards.every((s) => s.perProblem.length < ids.length), 'every shard holds only part of the run');
    assert.deepEqual(figures(merged), figures(unsharded));
    assert.equal(path.basename(merged.runDir), path.basename(unsharded.runDir));
    // The merged run is the entry's run: report finds it, and the table is the unsharded run's.
    const report = await runCli(['report', recipe]);
    const reportWhole = await runCli(['report', path.join(other, path.basename(recipe))]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(report.stdout.replaceAll(dir, '<dir>'), reportWhole.stdout.replaceAll(other, '<dir>'));
  } finally {
    await sim.close();
  }
});

/** The gold answer of each GSM8K question, so the scripted server can answer some right and some wrong. */
const goldOf = new Map(fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => {
  const row = JSON.parse(l) as { question: string; answer: string };
  return [row.question, row.answer.split('####').at(-1)!.trim()] as const;
}));

function scriptedReply(prompt: string, seed: number): string {
  const gold = [...goldOf].find(([q]) => prompt.includes(q))?.[1] ?? '0';
  const h = createHash('sha256').update(`${prompt}|${seed}`).digest().readUInt32BE(0);
  const answers = [gold, gold, `${gold}.0`, String(Number(gold.replace(/,/g, '')) + 1), '7'];
  return h % 11 === 0 ? 'I am not sure.' : `Step by step. The answer is: ${answers[h % answers.length]}.`;
}

test('merged shards from the scripted server equal an unsharded run, and an eval of the merged run sends nothing', async () => {
  const server = await startChatServer((r) => Array.from({ length: r.n }, (_, j) => scriptedReply(r.prompt, r.seed + j)));
  try {
    // An `expect` the model misses: the whole run exits 4, each shard 0 (a slice has no threshold to meet), the merge 4.
    const { recipe, dir } = simRecipe(server.url, { rows: 16, samples: 8, extra: '    expect: { "pass@1": 0.99 }\n' });
    const other = twin(dir);
    const whole = await runCli(['eval', path.join(other, path.basename(recipe)), '--json']);
    assert.equal(whole.code, 4, whole.stderr);
    const unsharded = JSON.parse(whole.stdout) as Summary & { passAtK: Record<string, number> };
    assert.ok(unsharded.passAtK['1']! > 0 && unsharded.passAtK['1']! < 1, 'the script answers some right and some wrong');
    // Shard 0's log also holds a duplicated line and a sample beyond `samples` (as a run once made with more
    // samples leaves): they are not copied, and the other shards' logs are copied as they are.
    const { merged } = await shardsAndMerge(recipe, 4, (shards) => {
      const file = path.join(shards[0]!.runDir, 'samples.jsonl');
      const first = fs.readFileSync(file, 'utf8').split('\n')[0]!;
      fs.appendFileSync(file, `${first}\n${JSON.stringify({ ...JSON.parse(first), index: 99 })}\n`);
    });
    assert.equal(fs.readFileSync(path.join(merged.runDir, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean).length, 16 * 8);
    assert.deepEqual(figures(merged), figures(unsharded));
    const before = server.requests;
    const again = await runCli(['eval', recipe, '--json']);
    assert.equal(again.code, 4, again.stderr);
    assert.equal(server.requests, before, 'the merged run holds every sample');
    assert.deepEqual(figures(JSON.parse(again.stdout) as Summary), figures(unsharded));
    // recipe#entry names the entry; merging again replaces the merged run only with --force.
    const named = await runCli(['merge', `${recipe}#sim-eval`, '--json']);
    assert.equal(named.code, 1);
    assert.match(named.stderr, /merge\/target-exists/);
    const forced = await runCli(['merge', `${recipe}#sim-eval`, '--force', '--json']);
    assert.equal(forced.code, 4, forced.stderr);
    assert.deepEqual(figures(JSON.parse(forced.stdout) as Summary), figures(unsharded));
    const unknown = await runCli(['merge', `${recipe}#nope`]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /eval\/unknown-entry/);
  } finally {
    await server.close();
  }
});

test('missing, duplicate, mismatched, unfinished, tampered and linked shards are refused and nothing is written', async () => {
  const server = await startChatServer((r) => Array.from({ length: r.n }, (_, j) => scriptedReply(r.prompt, r.seed + j)));
  try {
    const { recipe, dir } = simRecipe(server.url, { rows: 12, samples: 8 });
    const dirs: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await runCli(['eval', recipe, '--shard', `${i}/${N}`, '--json']);
      assert.equal(r.code, 0, r.stderr);
      dirs.push((JSON.parse(r.stdout) as Summary).runDir);
    }
    const root = path.dirname(dirs[0]!);
    const listing = () => fs.readdirSync(root).sort();
    const refused = async (args: string[], code: RegExp) => {
      const names = listing();
      const r = await runCli(['merge', ...args]);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, code);
      assert.equal(r.stdout, '');
      assert.deepEqual(listing(), names, 'a refused merge leaves nothing behind');
    };
    await refused(dirs.slice(0, 3), /merge\/missing-shard .*shard\(s\) 3 /);
    await refused([...dirs, dirs[1]!], /merge\/duplicate-shard .* is given twice/);
    // A copy of a shard in another folder is the same shard twice.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-shard-copy-'));
    fs.cpSync(dirs[1]!, copy, { recursive: true });
    await refused([...dirs, copy], /merge\/duplicate-shard Shard 1\/4 is given twice/);
    // A shard still being written (its lock held by a live process) is not merged.
    fs.writeFileSync(path.join(dirs[2]!, 'lock'), JSON.stringify({ hostname: os.hostname(), pid: process.pid, token: 't', started: new Date().toISOString(), heartbeat: new Date().toISOString() }));
    await refused(dirs, /merge\/shard-busy Shard 2\/4/);
    fs.rmSync(path.join(dirs[2]!, 'lock'));
    // A shard of a differently split run.
    const two = await runCli(['eval', recipe, '--shard', '0/2', '--json']);
    assert.equal(two.code, 0, two.stderr);
    const twoDir = (JSON.parse(two.stdout) as Summary).runDir;
    await refused([...dirs.slice(1), twoDir], /merge\/mismatched-shards .*shard count differ/);
    await refused([recipe], /merge\/ambiguous-shards .*2-way and 4-way/);
    fs.rmSync(twoDir, { recursive: true });
    // A shard of another sample identity (another temperature) with the same split.
    const hot = fs.readFileSync(recipe, 'utf8').replace('temperature: 0.7', 'temperature: 0.9');
    const hotRecipe = path.join(dir, 'hot.recipe.yaml');
    fs.writeFileSync(hotRecipe, hot);
    const h = await runCli(['eval', hotRecipe, '--shard', '2/4', '--json']);
    assert.equal(h.code, 0, h.stderr);
    const hotDir = (JSON.parse(h.stdout) as Summary).runDir;
    await refused([dirs[0]!, dirs[1]!, hotDir, dirs[3]!], /merge\/mismatched-shards .*(fingerprint|sample identity)/);
    fs.rmSync(hotDir, { recursive: true });
    // A sample whose verdict was flipped by hand no longer agrees with the shard's summary.
    const victim = dirs.find((d) => fs.readFileSync(path.join(d, 'samples.jsonl'), 'utf8').length > 0)!;
    const samplesFile = path.join(victim, 'samples.jsonl');
    const original = fs.readFileSync(samplesFile, 'utf8');
    const lines = original.split('\n').filter(Boolean);
    const first = JSON.parse(lines[0]!) as { correct: boolean };
    first.correct = !first.correct;
    fs.writeFileSync(samplesFile, [JSON.stringify(first), ...lines.slice(1)].join('\n') + '\n');
    await refused(dirs, /merge\/tampered-shard .*its samples give problem/);
    fs.writeFileSync(samplesFile, original);
    // A problem moved into a shard it does not hash to.
    const manifestFile = path.join(victim, 'run.json');
    const manifestText = fs.readFileSync(manifestFile, 'utf8');
    const m = JSON.parse(manifestText) as { shard: { index: number } };
    m.shard.index = (m.shard.index + 1) % N;
    fs.writeFileSync(manifestFile, JSON.stringify(m));
    await refused(dirs, /merge\/(tampered-shard|duplicate-shard)/);
    fs.writeFileSync(manifestFile, manifestText);
    // A summary whose gold answer was edited no longer matches the verdicts its samples carry.
    const summaryFile = path.join(victim, 'summary.json');
    const summaryText = fs.readFileSync(summaryFile, 'utf8');
    const edited = JSON.parse(summaryText) as { perProblem: { gold: string }[] };
    edited.perProblem[0]!.gold = '123456789';
    fs.writeFileSync(summaryFile, JSON.stringify(edited));
    await refused(dirs, /merge\/tampered-shard .*judged under another gold answer/);
    fs.writeFileSync(summaryFile, summaryText);
    // An unfinished shard: no summary yet.
    fs.rmSync(summaryFile);
    await refused(dirs, /merge\/unfinished-shard .*did not finish/);
    fs.writeFileSync(summaryFile, summaryText);
    // A shard folder planted as a link to a real shard elsewhere.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-elsewhere-'));
    fs.cpSync(dirs[3]!, path.join(elsewhere, 'copy'), { recursive: true });
    const link = path.join(os.tmpdir(), `passk-link-${process.pid}`);
    fs.symlinkSync(path.join(elsewhere, 'copy'), link);
    try {
      await refused([...dirs.slice(0, 3), link], /runs\/unsafe-path .*symbolic link/);
    } finally {
      fs.rmSync(link);
    }
    // An unsharded run is not a shard.
    const plain = await runCli(['eval', recipe, '--json']);
    assert.equal(plain.code, 0, plain.stderr);
    const plainDir = (JSON.parse(plain.stdout) as Summary).runDir;
    const withPlain = listing();
    const r = await runCli(['merge', ...dirs.slice(0, 3), plainDir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /merge\/not-a-shard/);
    // The unsharded run already sits where the merge would write: it is replaced only with --force.
    const exists = await runCli(['merge', ...dirs]);
    assert.equal(exists.code, 1);
    assert.match(exists.stderr, /merge\/target-exists/);
    assert.deepEqual(listing(), withPlain);
    const forced = await runCli(['merge', ...dirs, '--force', '--json']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((JSON.parse(forced.stdout) as Summary).runDir, plainDir);
    assert.deepEqual(listing(), withPlain);
    // The merge held each shard's lock while reading it, and released them all.
    for (const d of [...dirs, plainDir]) assert.ok(!fs.existsSync(path.join(d, 'lock')), `${d} is unlocked`);
    // A shard that none of the problems hash to is an empty, complete run: a job array never fails for it.
    const ids = Object.keys((JSON.parse(fs.readFileSync(path.join(plainDir, 'run.json'), 'utf8')) as { requests: Record<string, string> }).requests);
    const empty = [...Array(40).keys()].find((i) => ids.every((id) => shardOf(id, 40) !== i))!;
    const none = await runCli(['eval', recipe, '--shard', `${empty}/40`, '--json']);
    assert.equal(none.code, 0, none.stderr);
    assert.equal((JSON.parse(none.stdout) as { problems: number; complete: boolean }).problems, 0);
    assert.match(none.stderr, /holds none of the 12 problems/);
    // A bad --shard is a usage error that names the accepted form.
    const bad = await runCli(['eval', recipe, '--shard', '4/4']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Shard 4\/4 does not exist/);
  } finally {
    await server.close();
  }
});

test('a recipe whose file name holds a # merges by its whole name, and recipe#entry names its entry', async () => {
  const sim = await startSimulator({ problems: gsm });
  try {
    const { recipe, dir } = simRecipe(sim.url, { rows: 6 });
    const hashed = path.join(dir, 'ablation#2.recipe.yaml');
    fs.renameSync(recipe, hashed);
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['eval', hashed, '--shard', `${i}/2`]);
      assert.equal(r.code, 0, r.stderr);
    }
    const whole = await runCli(['merge', 'ablation#2.recipe.yaml', '--json'], { cwd: dir });
    assert.equal(whole.code, 0, whole.stderr);
    assert.match(whole.stderr, /merged 2 shard\(s\)/);
    const byEntry = await runCli(['merge', 'ablation#2.recipe.yaml#sim-eval', '--json', '--force'], { cwd: dir });
    assert.equal(byEntry.code, 0, byEntry.stderr);
    assert.equal((JSON.parse(byEntry.stdout) as Summary).runDir, (JSON.parse(whole.stdout) as Summary).runDir);
  } finally {
    await sim.close();
  }
});

test('synthesis run folders go to the synthesis merge, not the evaluation merge', async () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-synth-merge-')), '.passk', 'synth', 'gen-abcdefabcdef');
  fs.mkdirSync(dir, { recursive: true });
  const now = '2026-01-01T00:00:00.000Z';
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ kind: 'synth', version: 1, entry: 'gen', fingerprint: 'ab'.repeat(32), recipe: '/nowhere/r.recipe.yaml', created: now, updated: now, exports: [] }));
  const r = await runCli(['merge', dir]);
  // The synthesis merge loads the recipe the shards name; this one does not exist, which is a usage error there.
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /r\.recipe\.yaml/);
  assert.doesNotMatch(r.stderr, /merge\/not-a-shard|merge\/bad-shard/);
});

test('passk merge joins the shards of passk synth --shard into the export of one unsharded synth', async (t) => {
  const teacher = await startFakeTeacher();
  t.after(() => teacher.close());
  const seeds = [
    'Tom has 3 apples and buys 4 more. How many apples does he have?',
    'A DUP train travels 60 miles per hour for 2 hours. How far does it go?',
    'Mia earns $8 an hour and works 5 hours. How much does she earn?',
    'Ben has 20 stickers and gives away 7. How many stickers are left?',
    'A baker makes 6 trays of 9 rolls. How many rolls does she make?',
  ];
  const workspace = (): string => synthWorkspace({
    url: teacher.url, seeds, prefix: 'passk-synth-shards-', concurrency: 3,
    filters: ['consistency: { minAgreement: 0.75 }', 'dedup: { ngram: 5, threshold: 0.9 }'],
  }).dir;
  const whole = workspace();
  const one = await runCli(['synth', path.join(whole, 'synth.recipe.yaml'), '--json']);
  assert.equal(one.code, 0, one.stderr);
  const split = workspace();
  const recipe = path.join(split, 'synth.recipe.yaml');
  for (const i of [0, 1]) {
    const r = await runCli(['synth', recipe, '--shard', `${i}/2`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!fs.existsSync(path.join(split, 'out', 'remix.jsonl')), 'a shard writes no output');
  }
  const merged = await runCli(['merge', `${recipe}#remix`, '--json']);
  assert.equal(merged.code, 0, merged.stderr);
  const a = JSON.parse(one.stdout) as { accepted: number; candidates: number };
  const b = JSON.parse(merged.stdout) as { accepted: number; candidates: number };
  assert.deepEqual([b.candidates, b.accepted], [a.candidates, a.accepted]);
  assert.ok(a.accepted > 0);
  assert.equal(fs.readFileSync(path.join(split, 'out', 'remix.jsonl'), 'utf8'), fs.readFileSync(path.join(whole, 'out', 'remix.jsonl'), 'utf8'));
});
