// The lock that keeps two processes (possibly on two hosts sharing the file system) from appending to one run.
// The lock file holds the owner's hostname, pid, a random token and a heartbeat time that the owner refreshes
// while it holds the lock. It is created complete and exclusively (written under a private name, then
// hard-linked to `lock`, which fails when a lock exists), so a reader never sees a half-written lock.
//
// A lock is stale when its owner is dead on this host, or, for another host (whose processes cannot be
// checked), when its heartbeat is older than the stale timeout. Taking a stale lock over must have exactly one
// winner even when several processes find it stale at once: each contender hard-links the current lock to a
// takeover name derived from the content it judged stale (`lock.takeover-<hash>`). link(2) fails when the name
// exists, so only one contender gets it; the winner then re-reads the linked file, and only if it is still the
// very lock it judged stale (same content, so no one took it over or refreshed it in between) renames its own
// lock over it. Losers see the winner's live lock. docs/runs.md describes the protocol and its limits.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ProblemCode, Result } from '../problems/problem';
import { assertRegularIfPresent, fsErrorMessage, readFileIfPresent, tempNameFor, writeNewFile } from './safe-fs';

export interface LockInfo {
  hostname: string;
  pid: number;
  token: string;
  started: string;
  /** Refreshed by the holder every heartbeat interval. */
  heartbeat: string;
}

export interface RunLockOptions {
  /** How often the holder refreshes its heartbeat (default 15 s). */
  heartbeatMs?: number;
  /** A lock of another host whose heartbeat is older than this is stale (default 5 min). */
  staleMs?: number;
  /** This host's name (tests pretend to be another host). */
  hostname?: string;
}

export interface RunLock {
  readonly file: string;
  readonly token: string;
  /** False once the lock was found taken over by another process (it was judged stale). */
  held(): boolean;
  release(): void;
}

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_STALE_MS = 5 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(text: string): Partial<LockInfo> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Partial<LockInfo>) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a lock found on disk may be taken over, or undefined when its holder must be respected. */
function staleReason(text: string, mtimeMs: number, host: string, staleMs: number, now: number): string | undefined {
  const held = parseLock(text);
  const beat = held && typeof held.heartbeat === 'string' ? Date.parse(held.heartbeat) : Number.NaN;
  // Locks of older passk versions have no heartbeat; the file's modification time stands in for it.
  const last = Number.isFinite(beat) ? beat : mtimeMs;
  if (held && held.hostname === host && Number.isInteger(held.pid)) {
    if (held.pid === process.pid) return undefined; // this very process (another run of it) holds it
    return alive(held.pid as number) ? undefined : `process ${held.pid} is gone`;
  }
  // A heartbeat further ahead than the stale timeout was never written by a live holder (holders write their
  // own clock): a lock planted with a far-future heartbeat, as in a cloned `.passk/`, would otherwise never expire.
  if (last - now > staleMs) return `its heartbeat is ${Math.round((last - now) / 1000)} s in the future`;
  return now - last > staleMs ? `its heartbeat is ${Math.round((now - last) / 1000)} s old` : undefined;
}

function describe(text: string): string {
  const held = parseLock(text);
  if (!held || typeof held.hostname !== 'string' || !Number.isInteger(held.pid)) return 'an unreadable lock';
  return held.pid === process.pid && held.hostname === os.hostname() ? 'this process' : `process ${held.pid} on ${held.hostname}`;
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Takes the lock at `file`; the value is undefined (with an error problem) when a live process holds it. */
export function acquireRunLock(file: string, opts: RunLockOptions = {}): Result<RunLock | undefined> {
  const host = opts.hostname ?? os.hostname();
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const token = randomBytes(16).toString('hex');
  const started = new Date().toISOString();
  const content = (heartbeat: string) => JSON.stringify({ hostname: host, pid: process.pid, token, started, heartbeat } satisfies LockInfo) + '\n';
  const mine = tempNameFor(file);
  const fail = (code: ProblemCode, message: string): Result<RunLock | undefined> => ({ value: undefined, problems: [{ code, severity: 'error', message }] });
  try {
    assertRegularIfPresent(file);
    writeNewFile(mine, content(started));
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(mine, file);
        return { value: holdLock(file, token, content, opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS), problems: [] };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      assertRegularIfPresent(file);
      const st = lstatOrUndefined(file);
      const text = readFileIfPresent(file);
      if (text === undefined || !st) continue; // released in between: try to create it again
      const reason = staleReason(text, st.mtimeMs, host, staleMs, Date.now());
      if (!reason) {
        return fail('runs/locked', `The run is in use by ${describe(text)} (lock ${file}); wait for it to finish, or remove the lock if that process is gone.`);
      }
      const takeover = `${file}.takeover-${hashOf(text)}`;
      try {
        fs.linkSync(file, takeover);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'ENOENT') {
          // Another contender is taking this very lock over (or it vanished): look again after a moment.
          sleep(5 + attempt * 10);
          continue;
        }
        throw e;
      }
      try {
        // The link holds whatever `lock` was at link time; it is ours to replace only if that is still the
        // content judged stale (not a fresh lock installed, or a heartbeat written, since it was read).
        const linked = readFileIfPresent(takeover);
        const again = lstatOrUndefined(takeover);
        if (linked === text && again && staleReason(linked, again.mtimeMs, host, staleMs, Date.now())) {
          const fresh = tempNameFor(file);
          writeNewFile(fresh, content(new Date().toISOString()));
          fs.renameSync(fresh, file);
          return { value: holdLock(file, token, content, opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS), problems: [] };
        }
      } finally {
        fs.rmSync(takeover, { force: true });
      }
    }
    return fail('runs/locked', `The run lock ${file} keeps changing hands; another passk process is starting the same run.`);
  } catch (e) {
    return fail('runs/lock-failed', `The run lock ${file} cannot be taken: ${fsErrorMessage(e)}.`);
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

/** A short synchronous pause (lock contention is rare and brief; the callers are synchronous). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ownsLock(file: string, token: string): boolean {
  try {
    return parseLock(readFileIfPresent(file) ?? '')?.token === token;
  } catch {
    return false;
  }
}

function holdLock(file: string, token: string, content: (heartbeat: string) => string, heartbeatMs: number): RunLock {
  let lost = false;
  let released = false;
  const beat = () => {
    if (released || lost) return;
    try {
      if (!ownsLock(file, token)) {
        lost = true;
        return;
      }
      const tmp = tempNameFor(file);
      writeNewFile(tmp, content(new Date().toISOString()));
      fs.renameSync(tmp, file);
    } catch {
      // A failed refresh is retried at the next beat; other hosts wait the whole stale timeout anyway.
    }
  };
  // unref: a pending heartbeat never keeps a finished process alive.
  const timer = setInterval(beat, heartbeatMs);
  timer.unref();
  return {
    file,
    token,
    held: () => !lost && !released && ownsLock(file, token),
    release: () => {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (ownsLock(file, token)) fs.rmSync(file, { force: true });
    },
  };
}
