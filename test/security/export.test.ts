// A synthesis export is a file-system boundary: the recipe's `output` path is a stranger's, so it never
// replaces a file passk did not export (a previous export of the same synthesis is recognised by the path, size
// and SHA-256 in its run manifest), never escapes the recipe's folder, and never goes through a linked folder.
// Each refusal is an error naming the path, sent before any request is paid for; `passk synth --force` (the
// user's consent) lifts them. Real HTTP teacher on 127.0.0.1, real CLI for --force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeRecipe } from '../../server/src/recipe';
import { runSynthesis } from '../../server/src/synthesis/run-synthesis';
import { startFakeTeacher, type FakeTeacher } from '../unit/synthesis/fake-teacher';
import { runCli } from '../cli/eval-cli-helpers';

function workspace(teacher: FakeTeacher, output: string): { dir: string; file: string; text: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-export-'));
  const dir = path.join(root, 'project');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'seeds.jsonl'), ['Tom has 3 apples and buys 4 more. How many apples?', 'Mia earns $8 an hour for 5 hours. How much?'].map((q, i) => JSON.stringify({ question: q, answer: `#### ${i}` })).join('\n') + '\n');
  const text = `passk: 1
models:
  teacher: { baseUrl: ${teacher.url}, model: fake-teacher, concurrency: 2 }
datasets:
  seeds: { path: seeds.jsonl, question: question, answer: { field: answer, extract: gsm8k } }
prompts:
  gen: "Given Question: {{ seed.question }}\\n\\nWrite the final question after FINAL CREATED QUESTION:"
  solve: "{{ question }} Solve it."
synthesize:
  remix:
    seeds: seeds
    perSeed: 1
    generate: { model: teacher, prompt: gen, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }
    solve: { model: teacher, prompt: solve, samples: 2 }
    output: ${JSON.stringify(output)}
`;
  const file = path.join(dir, 'synth.recipe.yaml');
  fs.writeFileSync(file, text);
  return { dir, file, text };
}

async function synth(ws: { file: string; text: string }, force = false) {
  const doc = analyzeRecipe(ws.text, { file: ws.file, env: {} }).value;
  return runSynthesis(doc, 'remix', { env: {}, retryBaseMs: 1, force });
}

const errorsOf = (r: { problems: { severity: string; code: string; message: string }[] }) => r.problems.filter((p) => p.severity === 'error');

test('an output outside the recipe folder ("../notes.txt") is refused before any request, and the file there keeps its bytes', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher, '../notes.txt');
    const notes = path.join(ws.dir, '..', 'notes.txt');
    fs.writeFileSync(notes, 'my notes\n');
    const r = await synth(ws);
    assert.equal(r.value, undefined);
    assert.equal(errorsOf(r)[0]?.code, 'synth/output-outside');
    assert.ok(errorsOf(r)[0]!.message.includes(path.resolve(notes)));
    assert.equal(teacher.requests, 0);
    assert.equal(fs.readFileSync(notes, 'utf8'), 'my notes\n');
    const absolute = workspace(teacher, path.join(os.tmpdir(), `passk-elsewhere-${process.pid}.jsonl`));
    const r2 = await synth(absolute);
    assert.equal(errorsOf(r2)[0]?.code, 'synth/output-outside');
    assert.ok(!fs.existsSync(path.join(os.tmpdir(), `passk-elsewhere-${process.pid}.jsonl`)));
  } finally {
    await teacher.close();
  }
});

test('an existing file passk did not write is never replaced; passk\'s own export is, until someone edits it', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher, 'out/remix.jsonl');
    const out = path.join(ws.dir, 'out', 'remix.jsonl');
    fs.mkdirSync(path.dirname(out));
    fs.writeFileSync(out, 'somebody else\'s data\n');
    const refused = await synth(ws);
    assert.equal(errorsOf(refused)[0]?.code, 'synth/output-exists');
    assert.ok(errorsOf(refused)[0]!.message.includes(out));
    assert.equal(fs.readFileSync(out, 'utf8'), 'somebody else\'s data\n');
    assert.equal(teacher.requests, 0);

    fs.rmSync(out);
    const first = await synth(ws);
    assert.deepEqual(errorsOf(first), []);
    assert.equal(first.value!.accepted, 2);
    const exported = fs.readFileSync(out);
    const manifest = JSON.parse(fs.readFileSync(path.join(first.value!.runDir, 'run.json'), 'utf8')) as { kind: string; version: number; exports: { path: string; size: number; sha256: string }[] };
    assert.equal(manifest.kind, 'synth');
    assert.equal(manifest.version, 1);
    assert.deepEqual(manifest.exports.map((e) => [e.path, e.size]), [['out/remix.jsonl', exported.length]]);

    // A rerun recognises its own export and rewrites it (without new requests: the journal has every verdict).
    const requests = teacher.requests;
    const again = await synth(ws);
    assert.deepEqual(errorsOf(again), []);
    assert.equal(teacher.requests, requests);
    assert.deepEqual(fs.readFileSync(out), exported);

    // Edited by hand, it is no longer passk's to replace.
    fs.appendFileSync(out, '{"my":"edit"}\n');
    const edited = await synth(ws);
    assert.equal(errorsOf(edited)[0]?.code, 'synth/output-exists');
    assert.ok(fs.readFileSync(out, 'utf8').endsWith('{"my":"edit"}\n'));
  } finally {
    await teacher.close();
  }
});

test('an output under a linked folder is refused and nothing is written where the link points', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher, 'out/remix.jsonl');
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-outside-'));
    fs.symlinkSync(elsewhere, path.join(ws.dir, 'out'));
    const r = await synth(ws);
    assert.equal(errorsOf(r)[0]?.code, 'synth/output-unsafe');
    assert.match(errorsOf(r)[0]!.message, /out is a symbolic link/);
    assert.deepEqual(fs.readdirSync(elsewhere), []);

    const ws2 = workspace(teacher, 'remix.jsonl');
    const target = path.join(elsewhere, 'precious.jsonl');
    fs.writeFileSync(target, 'precious\n');
    fs.symlinkSync(target, path.join(ws2.dir, 'remix.jsonl'));
    const r2 = await synth(ws2);
    assert.equal(errorsOf(r2)[0]?.code, 'synth/output-exists');
    assert.equal(fs.readFileSync(target, 'utf8'), 'precious\n');
  } finally {
    await teacher.close();
  }
});

test('passk synth refuses a foreign output with exit 1 and a message naming it; --force replaces it', { timeout: 120_000 }, async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher, 'remix.jsonl');
    const out = path.join(ws.dir, 'remix.jsonl');
    fs.writeFileSync(out, 'not passk\'s\n');
    const refused = await runCli(['synth', ws.file], { cwd: ws.dir });
    assert.equal(refused.code, 1, refused.stderr);
    assert.ok(refused.stderr.includes(out), refused.stderr);
    assert.match(refused.stderr, /--force/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'not passk\'s\n');
    const forced = await runCli(['synth', ws.file, '--force'], { cwd: ws.dir });
    assert.equal(forced.code, 0, forced.stderr);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { answer: string });
    assert.deepEqual(rows.map((r) => r.answer), ['42', '42']);
    // After the forced export the file is passk's own, so a plain rerun may rewrite it.
    const rerun = await runCli(['synth', ws.file], { cwd: ws.dir });
    assert.equal(rerun.code, 0, rerun.stderr);
  } finally {
    await teacher.close();
  }
});

test('a run folder of an older passk (journal, no run.json) still recognises its own output, but not an edited one', async () => {
  const teacher = await startFakeTeacher();
  try {
    const ws = workspace(teacher, 'remix.jsonl');
    const out = path.join(ws.dir, 'remix.jsonl');
    const first = await synth(ws);
    assert.deepEqual(errorsOf(first), []);
    // What an older passk left: the journal and the output, no manifest recording the export.
    fs.rmSync(path.join(first.value!.runDir, 'run.json'));
    const requests = teacher.requests;
    const again = await synth(ws);
    assert.deepEqual(errorsOf(again), []);
    assert.equal(teacher.requests, requests);
    assert.equal((JSON.parse(fs.readFileSync(path.join(first.value!.runDir, 'run.json'), 'utf8')) as { exports: unknown[] }).exports.length, 1);
    fs.rmSync(path.join(first.value!.runDir, 'run.json'));
    fs.appendFileSync(out, '{"edited":true}\n');
    const edited = await synth(ws);
    assert.equal(errorsOf(edited)[0]?.code, 'synth/output-exists');
    assert.ok(fs.readFileSync(out, 'utf8').endsWith('{"edited":true}\n'));
  } finally {
    await teacher.close();
  }
});
