// The lock that keeps two processes from appending to one run. It holds the owner's pid and hostname; a lock
// left by a process that no longer exists on this host is stale and taken over, so a SIGKILLed run can resume.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Result } from '../core/problem';

interface LockInfo {
  pid: number;
  hostname: string;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RunLock {
  release(): void;
}

/** Takes the lock at `file`; the value is undefined (with an error problem) when a live process holds it. */
export function acquireRunLock(file: string): Result<RunLock | undefined> {
  const mine: LockInfo = { pid: process.pid, hostname: os.hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine) + '\n', { flag: 'wx' });
      return {
        value: {
          release: () => {
            try {
              const now = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
              if (now.pid === mine.pid && now.hostname === mine.hostname) fs.unlinkSync(file);
            } catch {
              // Already gone or unreadable: nothing of ours to remove.
            }
          },
        },
        problems: [],
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        return { value: undefined, problems: [{ code: 'runs/lock-failed', severity: 'error', message: `The run lock ${file} cannot be created: ${(e as Error).message}.` }] };
      }
    }
    let held: LockInfo | undefined;
    try {
      held = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      held = undefined; // a half-written lock is as good as none: its writer died between open and write
    }
    const stale = !held || (held.hostname === mine.hostname && held.pid !== mine.pid && !alive(held.pid));
    if (!stale) {
      const who = held!.pid === mine.pid && held!.hostname === mine.hostname ? 'this process' : `process ${held!.pid} on ${held!.hostname}`;
      return {
        value: undefined,
        problems: [{ code: 'runs/locked', severity: 'error', message: `The run is in use by ${who} (lock ${file}); wait for it to finish or remove the lock if that process is gone.` }],
      };
    }
    try {
      fs.unlinkSync(file);
    } catch {
      // Another process took it over first; the next attempt sees its lock.
    }
  }
  return { value: undefined, problems: [{ code: 'runs/locked', severity: 'error', message: `The run lock ${file} keeps changing hands; another passk process is starting the same run.` }] };
}
