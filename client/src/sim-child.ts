// The simulator child process behind "passk: Start Simulator", without any VS Code API so the unit tests drive
// the real bundled CLI through it: it starts `dist/cli.js sim`, resolves with the base URL once the simulator
// prints its "listening on" line, and turns an early exit (a port in use, unreadable data) into an error that
// says what to do.
import { spawn, type ChildProcess } from 'node:child_process';

export interface SimChildOptions {
  /** The Node (or Electron) executable that runs the CLI. */
  runtime: string;
  cli: string;
  port: number;
  datasets: string[];
  /** Everything the simulator prints, for the output channel. */
  onOutput?(text: string): void;
  timeoutMs?: number;
}

export interface SimChild {
  url: string;
  child: ChildProcess;
  /** Sends SIGTERM (the simulator stops cleanly on it) and resolves when the process has exited. */
  stop(): Promise<void>;
}

export function startSimChild(o: SimChildOptions): Promise<SimChild> {
  const args = [o.cli, 'sim', '--port', String(o.port), ...o.datasets.flatMap((d) => ['--dataset', d])];
  // ELECTRON_RUN_AS_NODE makes VS Code's Electron executable a plain Node for the child; Node ignores it.
  const child = spawn(o.runtime, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let stderr = '';
  let stdout = '';
  const timeoutMs = o.timeoutMs ?? 20_000;
  return new Promise<SimChild>((resolve, reject) => {
    const fail = (e: Error): void => {
      clearTimeout(timer);
      void stop();
      reject(e);
    };
    const timer = setTimeout(() => fail(new Error(`the simulator did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      o.onOutput?.(chunk);
      stdout += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, stop });
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      o.onOutput?.(chunk);
      stderr = (stderr + chunk).slice(-2000);
    });
    child.once('error', (e) => fail(e));
    child.once('exit', (code) => {
      const last = stderr.trim().split('\n').pop() ?? '';
      const hint = /EADDRINUSE/.test(stderr) ? ` Another program uses port ${o.port}; stop it or change the passk.simulator.port setting.` : '';
      fail(new Error(`the simulator exited with code ${code}${last ? ` (${last})` : ''}.${hint}`));
    });
  });
}
