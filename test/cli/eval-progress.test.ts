// The progress reporter of `passk eval`: a bar redrawn in place on stderr when stderr is a terminal, nothing
// otherwise, so that `--json` output on stdout and logs stay machine-readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressPrinter } from '../../server/src/cli/eval';
import type { CliIO } from '../../server/src/cli/io';

function fakeIO(isTTY: boolean): CliIO & { outText: string; errText: string } {
  const io = { outText: '', errText: '', isTTY, cwd: '/', env: {}, signal: new AbortController().signal } as CliIO & { outText: string; errText: string };
  io.out = (t) => void (io.outText += t);
  io.err = (t) => void (io.errText += t);
  return io;
}

const at = (done: number) => ({ done, total: 200, problemsDone: Math.floor(done / 8), problemsTotal: 25, samplesPerSec: 40, etaSec: (200 - done) / 40, retries: 3, errors: 0 });

test('on a terminal the bar is redrawn in place with problems, samples/s, ETA and retries', () => {
  const io = fakeIO(true);
  const p = progressPrinter(io, 'passk eval');
  p.update(at(50));
  p.update(at(100));
  p.done();
  assert.equal(io.outText, '');
  assert.equal((io.errText.match(/\r/g) ?? []).length, 2);
  assert.match(io.errText, /\rpassk eval \[############\.{12}\] {2}50% {2}12\/25 problems {2}100\/200 samples {2}40\.0 samples\/s {2}ETA 3s {2}retries 3\x1b\[K\n$/);
});

test('without a terminal (a pipe, a CI log) no progress is printed at all', () => {
  const io = fakeIO(false);
  const p = progressPrinter(io, 'passk eval');
  p.update(at(10));
  p.update(at(200));
  p.done();
  assert.equal(io.errText, '');
  assert.equal(io.outText, '');
});
