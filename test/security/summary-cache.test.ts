// A checked summary.json is remembered in the editor's run-view cache while the file stays the same
// (runs/summary-file.ts, insights/run-view-cache.ts), so the editor reads a large run once. Remembering must never let a tampered file through: a summary edited in place,
// edited with its size and modification time put back, or swapped for a link after it was read is checked
// again and refused like any tampered summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarizeStoredRun } from '../../server/src/eval';
import { RunViewCache } from '../../server/src/insights';
import { loadRun as loadRunAfresh, openRunWriter, writeRunSummary, type RunManifest, type SampleRecord } from '../../server/src/runs';

const manifest: RunManifest = {
  kind: 'eval', version: 2, entry: 'gsm', recipe: '/r.recipe.yaml', fingerprint: 'ab'.repeat(32), sampleIdentity: 's'.repeat(16), figures: 'g'.repeat(16), created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z',
  model: { name: 'm', model: 'x', api: 'chat', endpoint: 'http://127.0.0.1:1', baseUrls: ['http://127.0.0.1:1/v1'] }, dataset: { name: 'd', path: '/d.jsonl', sha256: 'a' },
  prompt: { name: 'p', user: '{{ question }}' }, params: { temperature: 0.7, topP: 1, maxTokens: 16 }, samples: 2, k: [1, 2], grader: { extract: 'auto', compare: 'math' },
  problems: 2, expect: {},
};
// One cache for the whole file, as the language server has one: every read below goes through it.
const cache = new RunViewCache();
const loadRun = (dir: string) => cache.loadRun(dir);
const rec = (problem: string, index: number, correct: boolean): SampleRecord => ({
  problem, index, answer: correct ? '1' : '2', correct, tokens: { prompt: 1, completion: 1 }, latencyMs: 1, finish: 'stop', text: `The answer is ${correct ? 1 : 2}.`,
});

/** A finished run folder whose summary has been read (and so remembered) once. */
function readRun(): { dir: string; file: string } {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-summary-cache-')), '.passk', 'eval', 'gsm-abababababab');
  const w = openRunWriter(dir, manifest, { onExisting: () => undefined, stale: () => false, regrade: (r) => r }).value!;
  w.append([rec('1', 0, true), rec('1', 1, false), rec('2', 0, true), rec('2', 1, true)]);
  w.close();
  writeRunSummary(dir, summarizeStoredRun(loadRun(dir).value!, dir));
  const first = loadRun(dir);
  assert.equal(first.value?.summary?.perProblem.length, 2, JSON.stringify(first.problems));
  return { dir, file: path.join(dir, 'summary.json') };
}

const errors = (dir: string) => loadRun(dir).problems.filter((p) => p.severity === 'error').map((p) => p.message);

test('a summary read twice unchanged is the same checked summary', () => {
  const { dir } = readRun();
  const a = loadRun(dir).value?.summary;
  const b = loadRun(dir).value?.summary;
  assert.ok(a && b);
  assert.equal(a, b, 'the second read reuses the checked summary');
});

test('without a cache (the CLI) every read checks the file again', () => {
  const { dir } = readRun();
  const a = loadRunAfresh(dir).value?.summary;
  const b = loadRunAfresh(dir).value?.summary;
  assert.ok(a && b);
  assert.notEqual(a, b, 'no summary is remembered outside a cache');
  assert.deepEqual(a, b);
});

test('a summary edited in place after it was read is checked again and refused', () => {
  const { dir, file } = readRun();
  const v = JSON.parse(fs.readFileSync(file, 'utf8'));
  v.passAtK['1'] = '<script>alert(1)</script>';
  fs.writeFileSync(file, JSON.stringify(v));
  const loaded = loadRun(dir);
  assert.equal(loaded.value?.summary, undefined);
  assert.match(errors(dir).join('\n'), /passAtK\.1: expected a number/);
});

test('an edit that keeps the size and puts the modification time back is still noticed', () => {
  const { dir, file } = readRun();
  // A whole-second time round-trips exactly through utimes; the summary is read (and remembered) with it.
  const when = new Date('2026-01-02T03:04:05.000Z');
  fs.utimesSync(file, when, when);
  assert.ok(loadRun(dir).value?.summary);
  const before = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  // Same length: another run's fingerprint ("cb…" for "ab…").
  const forged = text.replace(/("fingerprint":\s*")ab/, '$1cb');
  assert.notEqual(forged, text);
  assert.equal(forged.length, text.length);
  fs.writeFileSync(file, forged);
  fs.utimesSync(file, when, when);
  assert.equal(fs.statSync(file).mtimeMs, before.mtimeMs);
  assert.equal(loadRun(dir).value?.summary, undefined);
  assert.match(errors(dir).join('\n'), /belongs to another run/);
});

test('a summary swapped for a link after it was read is refused', () => {
  const { dir, file } = readRun();
  const elsewhere = path.join(path.dirname(dir), 'elsewhere.json');
  fs.renameSync(file, elsewhere);
  fs.symlinkSync(elsewhere, file);
  assert.equal(loadRun(dir).value?.summary, undefined);
  assert.match(errors(dir).join('\n'), /symbolic link/);
});

test('a rewritten summary (passk writes a new file) shows its new figures', () => {
  const { dir } = readRun();
  const old = loadRun(dir).value!.summary!;
  writeRunSummary(dir, { ...old, updated: '2030-01-01T00:00:00.000Z' });
  assert.equal(loadRun(dir).value?.summary?.updated, '2030-01-01T00:00:00.000Z');
});
