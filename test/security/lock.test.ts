// The run lock holds: a stale lock (dead holder) contended by several processes at once is taken over by
// exactly one of them, a live holder on another host is respected while its heartbeat is fresh and taken over
// once it is stale, the holder's heartbeat advances, and a link planted as the lock is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireRunLock, openRunWriter, type LockInfo } from '../../server/src/runs';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'passk-lock-'));

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function lockText(info: Partial<LockInfo>): string {
  return JSON.stringify({ hostname: os.hostname(), pid: 1, token: 'feedface', started: new Date().toISOString(), heartbeat: new Date().toISOString(), ...info }) + '\n';
}

function next(child: ChildProcess, type: string): Promise<{ type: string; won?: boolean; problem?: string }> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMsg);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number) => reject(new Error(`contender exited with ${code}`));
    child.on('message', onMsg);
    child.once('exit', onExit);
  });
}

test('4 processes contending for a dead holder\'s lock: exactly one writer in each of 50 trials', { timeout: 300_000 }, async () => {
  const dir = tmp();
  const children = Array.from({ length: 4 }, () => fork(path.join(__dirname, 'lock-contender.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const dead = deadPid();
  const winners: number[] = [];
  try {
    for (let trial = 0; trial < 50; trial++) {
      const lock = path.join(dir, `lock-${trial}`);
      const log = path.join(dir, `writers-${trial}.txt`);
      fs.writeFileSync(lock, lockText({ pid: dead, token: `dead${trial}` }));
      fs.writeFileSync(log, '');
      const tried = children.map((c) => next(c, 'tried'));
      const at = Date.now() + 40;
      for (const c of children) c.send({ type: 'trial', lock, log, at });
      const results = await Promise.all(tried);
      const writers = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
      assert.ok(writers.length <= 1, `trial ${trial}: ${writers.length} processes held the lock at once (${writers.join(', ')})`);
      assert.equal(results.filter((r) => r.won).length, writers.length);
      for (const r of results) if (!r.won) assert.equal(r.problem, 'runs/locked');
      winners.push(writers.length);
      const ended = children.map((c) => next(c, 'ended'));
      for (const c of children) c.send({ type: 'end' });
      await Promise.all(ended);
      assert.ok(!fs.existsSync(lock), 'the winner released the lock');
    }
  } finally {
    for (const c of children) c.disconnect();
  }
  // A dead holder's lock is always taken over by someone: no trial ended with every contender refused.
  assert.deepEqual(winners, Array(50).fill(1));
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('takeover') || f.endsWith('.tmp')), [], 'no takeover or temporary files are left behind');
});

test('a holder on another host is respected while its heartbeat is fresh and taken over once it is stale', () => {
  const dir = tmp();
  const lock = path.join(dir, 'lock');
  // The pid is this very test process's on purpose: on another host it means nothing and must not be checked.
  fs.writeFileSync(lock, lockText({ hostname: 'other-host.example', pid: process.pid, heartbeat: new Date(Date.now() - 1000).toISOString() }));
  const refused = acquireRunLock(lock, { staleMs: 60_000 });
  assert.equal(refused.value, undefined);
  assert.equal(refused.problems[0]!.code, 'runs/locked');
  assert.match(refused.problems[0]!.message, /process \d+ on other-host\.example/);
  fs.writeFileSync(lock, lockText({ hostname: 'other-host.example', pid: process.pid, heartbeat: new Date(Date.now() - 120_000).toISOString() }));
  const taken = acquireRunLock(lock, { staleMs: 60_000 });
  assert.ok(taken.value, JSON.stringify(taken.problems));
  const now = JSON.parse(fs.readFileSync(lock, 'utf8')) as LockInfo;
  assert.equal(now.hostname, os.hostname());
  assert.equal(now.token, taken.value.token);
  taken.value.release();
  assert.ok(!fs.existsSync(lock));
});

test('a live holder on this host is respected whatever its heartbeat; a lock of an older passk (no heartbeat) of a dead pid is taken over', () => {
  const dir = tmp();
  const lock = path.join(dir, 'lock');
  const sleeper = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.ppid))'], { encoding: 'utf8' });
  fs.writeFileSync(lock, lockText({ pid: Number(sleeper.stdout), heartbeat: new Date(0).toISOString() }));
  assert.equal(acquireRunLock(lock, { staleMs: 1 }).value, undefined, 'the parent of a finished child (this process) is alive');
  fs.writeFileSync(lock, JSON.stringify({ pid: deadPid(), hostname: os.hostname(), started: '' }));
  const taken = acquireRunLock(lock);
  assert.ok(taken.value, JSON.stringify(taken.problems));
  taken.value.release();
});

test('the holder refreshes its heartbeat and notices when its lock was taken over', async () => {
  const dir = tmp();
  const lock = path.join(dir, 'lock');
  const held = acquireRunLock(lock, { heartbeatMs: 20 }).value!;
  const first = (JSON.parse(fs.readFileSync(lock, 'utf8')) as LockInfo).heartbeat;
  await new Promise((r) => setTimeout(r, 150));
  const later = JSON.parse(fs.readFileSync(lock, 'utf8')) as LockInfo;
  assert.equal(later.token, held.token);
  assert.ok(Date.parse(later.heartbeat) > Date.parse(first), `heartbeat ${later.heartbeat} did not advance past ${first}`);
  assert.equal(held.held(), true);
  fs.writeFileSync(lock, lockText({ token: 'someone-else' }));
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(held.held(), false);
  held.release();
  assert.equal((JSON.parse(fs.readFileSync(lock, 'utf8')) as LockInfo).token, 'someone-else', 'release leaves another holder\'s lock alone');
});

test('a link planted as the lock is refused and its target stays untouched', () => {
  const dir = tmp();
  const outside = path.join(tmp(), 'victim.txt');
  fs.writeFileSync(outside, 'precious\n');
  fs.symlinkSync(outside, path.join(dir, 'lock'));
  const r = openRunWriter(dir, {} as never, { onExisting: () => undefined, stale: () => false, regrade: (x) => x });
  assert.equal(r.value, undefined);
  assert.match(r.problems[0]!.message, /lock is a symbolic link/);
  assert.equal(fs.readFileSync(outside, 'utf8'), 'precious\n');
});

test('a lock planted with a heartbeat far in the future (a cloned .passk/) does not block runs forever', () => {
  const dir = tmp();
  try {
    const lock = path.join(dir, 'lock');
    // A heartbeat from the future cannot be a live holder's: holders write their own clock every 15 s. Clocks of
    // hosts sharing a file system may differ a little, so a heartbeat just ahead is still respected.
    fs.writeFileSync(lock, lockText({ hostname: 'other-host.example', pid: 4242, heartbeat: new Date(Date.now() + 10_000).toISOString() }));
    assert.equal(acquireRunLock(lock, { staleMs: 60_000 }).value, undefined, 'a heartbeat 10 s ahead is a live holder');
    fs.writeFileSync(lock, lockText({ hostname: 'other-host.example', pid: 4242, heartbeat: '2999-01-01T00:00:00.000Z' }));
    const taken = acquireRunLock(lock, { staleMs: 60_000 });
    assert.ok(taken.value, JSON.stringify(taken.problems));
    assert.equal((JSON.parse(fs.readFileSync(lock, 'utf8')) as LockInfo).token, taken.value.token);
    taken.value.release();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
