// The CLI's one progress printer (server/src/cli/progress-line.ts): redrawn in place on a terminal, at most once
// per interval except for the final state, silent without a terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CliIO } from '../../server/src/cli/io';
import { progressLine } from '../../server/src/cli/progress-line';

function fakeIO(isTTY: boolean): CliIO & { errText: string } {
  const io = { errText: '', isTTY, cwd: '/', env: {}, signal: new AbortController().signal } as CliIO & { errText: string };
  io.out = () => assert.fail('progress never goes to stdout');
  io.err = (t) => void (io.errText += t);
  return io;
}

test('inside the interval only the final state is drawn; done ends the line', () => {
  const io = fakeIO(true);
  let clock = 1000;
  const line = progressLine(io, 100, () => clock);
  line.show('1/3');
  clock += 50;
  line.show('2/3');
  clock += 10;
  line.show('3/3', true);
  clock += 200;
  line.show('again');
  line.done();
  assert.equal(io.errText, '\r1/3\x1b[K\r3/3\x1b[K\ragain\x1b[K\n');
});

test('without a terminal nothing is drawn, and done prints no newline', () => {
  const io = fakeIO(false);
  const line = progressLine(io, 0);
  line.show('1/3', true);
  line.done();
  assert.equal(io.errText, '');
});
