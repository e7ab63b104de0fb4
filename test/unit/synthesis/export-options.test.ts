// The SFT export: streamed through one writer into temporary files renamed into place, split by size, and shaped
// by the recipe's `export` options (user turn, system message, several agreeing solutions); dedup against seeds
// and the run report's rejection examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSynthesis } from '../../../server/src/synthesis/run-synthesis';
import { JsonlExportWriter, partFile } from '../../../server/src/synthesis/export-writer';
import { sftRow } from '../../../server/src/synthesis/sft-row';
import { startFakeTeacher } from './fake-teacher';
import { synthWorkspace } from '../../helpers/synth-workspace';

function row(i: number) {
  return sftRow({ entry: 'e', question: `Question ${i}?`, solution: 'x'.repeat(200), answer: String(i), seedId: `s${i}`, generator: 'g', solver: 's', agreement: 1, solutions: 4 });
}

test('the writer streams rows into a temporary file and renames it into place only at commit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-export-'));
  const file = path.join(dir, 'out', 'rows.jsonl');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, 'previous\n');
  const w = new JsonlExportWriter({ file, recipeDir: dir, synthRoot: path.join(dir, 'none'), force: true });
  for (let i = 0; i < 5000; i++) w.write(row(i));
  assert.equal(fs.readFileSync(file, 'utf8'), 'previous\n', 'the old export stays whole until commit');
  const { records } = w.commit();
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  assert.equal(lines.length, 5000);
  assert.deepEqual(JSON.parse(lines[4999]!), row(4999));
  assert.equal(records.length, 1);
  assert.equal(records[0]!.size, fs.statSync(file).size);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['rows.jsonl'], 'no temporary file is left');
});

test('an aborted export leaves the previous file and no temporary', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-export-'));
  const file = path.join(dir, 'rows.jsonl');
  fs.writeFileSync(file, 'previous\n');
  const w = new JsonlExportWriter({ file, recipeDir: dir, synthRoot: path.join(dir, 'none'), force: true });
  w.write(row(1));
  w.abort();
  assert.equal(fs.readFileSync(file, 'utf8'), 'previous\n');
  assert.deepEqual(fs.readdirSync(dir), ['rows.jsonl']);
});

test('maxFileBytes splits the output into numbered parts cut at row boundaries', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-export-'));
  const file = path.join(dir, 'rows.jsonl');
  const w = new JsonlExportWriter({ file, recipeDir: dir, synthRoot: path.join(dir, 'none'), force: false }, 10_000);
  for (let i = 0; i < 200; i++) w.write(row(i));
  const { records } = w.commit();
  const parts = fs.readdirSync(dir).sort();
  assert.ok(parts.length > 2, parts.join());
  assert.equal(parts[0], path.basename(partFile(file, 0)));
  assert.equal(records.length, parts.length);
  const all = parts.flatMap((p) => {
    assert.ok(fs.statSync(path.join(dir, p)).size <= 10_000, `${p} is within the bound`);
    return fs.readFileSync(path.join(dir, p), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).answer as string);
  });
  assert.deepEqual(all, Array.from({ length: 200 }, (_, i) => String(i)));
});

/** A run of the fake teacher on `seeds` with a consistency filter, plus `filters` and `extra` entry lines. */
function workspace(url: string, seeds: string[], more: { filters?: string[]; extra?: string[] } = {}) {
  const ws = synthWorkspace({ url, seeds, prefix: 'passk-export-run-', filters: ['consistency: { minAgreement: 0.5 }', ...(more.filters ?? [])], ...(more.extra ? { extra: more.extra } : {}) });
  return { doc: ws.load(), output: ws.output };
}

const SEEDS = ['Tom has 3 apples and buys 4 more. How many apples does he have?', 'Mia earns $8 an hour and works 5 hours. How much does she earn?'];

test('export options: the rendered solve prompt as the user turn, a system message, and two agreeing solutions per problem', async (t) => {
  const teacher = await startFakeTeacher();
  t.after(() => teacher.close());
  const ws = workspace(teacher.url, SEEDS, { extra: ['export: { user: prompt, system: "You are a careful solver.", solutions: 2 }'] });
  const r = await runSynthesis(ws.doc, 'remix', { env: {}, retryBaseMs: 1 });
  assert.equal(r.value?.accepted, 4);
  const rows = fs.readFileSync(ws.output, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(rows.length, 8, 'two rows per kept problem');
  for (const row of rows) {
    assert.deepEqual(row.messages.map((m: { role: string }) => m.role), ['system', 'user', 'assistant']);
    assert.equal(row.messages[0].content, 'You are a careful solver.');
    assert.match(row.messages[1].content, / Solve it\.$/, 'the user turn is the rendered solve prompt');
  }
});

test('the default export stays one messages row per problem with the raw question', async (t) => {
  const teacher = await startFakeTeacher();
  t.after(() => teacher.close());
  const ws = workspace(teacher.url, SEEDS);
  await runSynthesis(ws.doc, 'remix', { env: {}, retryBaseMs: 1 });
  const rows = fs.readFileSync(ws.output, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[0].messages.map((m: { role: string }) => m.role), ['user', 'assistant']);
  assert.doesNotMatch(rows[0].messages[0].content, /Solve it/);
});

test('dedup against seeds rejects a problem that restates its seed, names the seed, and can be switched off', async (t) => {
  const teacher = await startFakeTeacher();
  t.after(() => teacher.close());
  // The fake teacher's problem is "Remix <n>: <seed question>": a long seed makes it a near-copy of the seed.
  const long = 'A farmer has 12 cows and 30 sheep on a large farm near the river, and each cow gives 8 litres of milk a day while each sheep gives none at all; the farmer sells the milk for 2 dollars a litre at the Saturday market. How much money does the farmer make from milk in one week?';
  const on = workspace(teacher.url, [long], { filters: ['dedup: { ngram: 5, threshold: 0.8 }'] });
  const r = await runSynthesis(on.doc, 'remix', { env: {}, retryBaseMs: 1 });
  assert.equal(r.value?.rejected.duplicate, 2);
  assert.match(r.value!.examples!.duplicate![0]!.detail!, /^seed 1 \(Jaccard/);
  const off = workspace(teacher.url, [long], { filters: ['dedup: { ngram: 5, threshold: 0.8, againstSeeds: false }'] });
  const r2 = await runSynthesis(off.doc, 'remix', { env: {}, retryBaseMs: 1 });
  // Without the seeds, only the second remix is a duplicate, of the first remix.
  assert.equal(r2.value?.rejected.duplicate, 1);
  assert.match(r2.value!.examples!.duplicate![0]!.detail!, /^1#\d \(Jaccard/);
});
