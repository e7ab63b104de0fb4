// The incremental samples reader behind live refreshes: only appended bytes are parsed, a line written in two
// pieces is counted once complete, duplicates and malformed lines are skipped, and a file that was truncated
// or replaced is read again from the start. Its tallies must equal a full re-read at every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunSampleIndex, RunViewCache } from '../../../server/src/insights';
import { loadRun, tallyStoredRun } from '../../../server/src/eval';
import { manifest } from './summary-fixture';

const rec = (problem: string, index: number, answer: string | null, correct: boolean) =>
  JSON.stringify({ problem, index, answer, correct, tokens: { prompt: 2, completion: 3 }, latencyMs: 1, finish: 'stop', text: `… so the answer is ${answer} ✓ü` }) + '\n';

function runDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-index-'));
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify(manifest(4, [1])));
  return dir;
}

/** The tallies a full read (the engine's own reader) gives, as plain data. */
function fullTallies(dir: string) {
  const t = tallyStoredRun(loadRun(dir).value!);
  return [...t.tallies.values()].map((x) => [x.problem, x.n, x.correct, x.unanswered, [...x.answers.entries()]]);
}
const indexTallies = (idx: RunSampleIndex) => [...idx.tallies.values()].map((x) => [x.problem, x.n, x.correct, x.unanswered, [...x.answers.entries()]]);

test('appends are read incrementally and always equal a full re-read', () => {
  const dir = runDir();
  const file = path.join(dir, 'samples.jsonl');
  const idx = new RunSampleIndex(dir);
  assert.equal(idx.update(), false, 'no samples file yet');
  fs.writeFileSync(file, rec('1', 0, '5', true) + rec('1', 1, '4', false));
  idx.update();
  assert.deepEqual(indexTallies(idx), fullTallies(dir));
  // A line arriving in two writes (the second half of a multi-byte character included) counts once complete.
  const line = rec('2', 0, null, false);
  const cut = Buffer.from(line).length - 6;
  fs.appendFileSync(file, Buffer.from(line).subarray(0, cut));
  idx.update();
  assert.equal(idx.tallies.get('2'), undefined, 'the unfinished line is not counted yet');
  fs.appendFileSync(file, Buffer.from(line).subarray(cut));
  fs.appendFileSync(file, 'not json\n' + rec('1', 0, '5', true) + rec('1', 2, '5', true));
  idx.update();
  assert.deepEqual(indexTallies(idx), fullTallies(dir));
  assert.equal(idx.tallies.get('1')!.n, 3, 'the duplicate of sample 0 is ignored');
  assert.deepEqual(idx.order, ['1', '2']);
  assert.deepEqual(idx.tokens, { prompt: 8, completion: 12 });
  assert.deepEqual(idx.excerpts('1').map((e) => [e.index, e.correct]), [[0, true], [1, false]]);
});

test('a truncated or replaced file is read again from the start', () => {
  const dir = runDir();
  const file = path.join(dir, 'samples.jsonl');
  fs.writeFileSync(file, rec('1', 0, '5', true) + rec('1', 1, '5', true) + rec('1', 2, '5', true));
  const idx = new RunSampleIndex(dir);
  idx.update();
  assert.equal(idx.tallies.get('1')!.correct, 3);
  fs.truncateSync(file, Buffer.byteLength(rec('1', 0, '5', true)));
  idx.update();
  assert.equal(idx.tallies.get('1')!.n, 1);
  // Regrading rewrites the file through a rename: same size, new inode, new verdicts.
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, rec('1', 0, '5', false));
  fs.renameSync(tmp, file);
  idx.update();
  assert.equal(idx.tallies.get('1')!.correct, 0);
  assert.deepEqual(indexTallies(idx), fullTallies(dir));
});

test('the cache keeps one index per run folder and brings it up to date on each use', () => {
  const dir = runDir();
  const file = path.join(dir, 'samples.jsonl');
  fs.writeFileSync(file, rec('1', 0, '5', true));
  const cache = new RunViewCache();
  const first = cache.index(dir);
  fs.appendFileSync(file, rec('1', 1, '6', false));
  const again = cache.index(dir);
  assert.equal(again, first);
  assert.equal(again.tallies.get('1')!.n, 2);
});
