// A child process for lock.test.ts: it waits for trials from the parent over IPC; for each one it spins until
// the agreed start time (so the contenders collide), tries to take the lock, and while holding it appends its
// token to the trial's shared file, then keeps the lock until the parent ends the trial.
import * as fs from 'node:fs';
import { acquireRunLock, type RunLock } from '../../server/src/runs/run-lock';

let held: RunLock | undefined;
process.on('message', (msg: { type: 'trial'; lock: string; log: string; at: number } | { type: 'end' }) => {
  if (msg.type === 'end') {
    held?.release();
    held = undefined;
    process.send!({ type: 'ended' });
    return;
  }
  while (Date.now() < msg.at) {
    // spin: every contender starts its attempt at the same moment
  }
  const r = acquireRunLock(msg.lock);
  if (r.value) {
    held = r.value;
    fs.appendFileSync(msg.log, `${process.pid}\n`);
  }
  process.send!({ type: 'tried', won: r.value !== undefined, problem: r.problems[0]?.code });
});
process.on('disconnect', () => process.exit(0));
