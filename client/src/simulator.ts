// "passk: Start Simulator" / "Stop Simulator": the bundled simulator (dist/cli.js sim) as a child process of the
// extension host, so the walkthrough needs no terminal and no `passk` on PATH. It knows the problems of the
// starter data shipped in the .vsix. The status bar shows its port while it runs; stopping the extension
// (closing the window) stops it too, so no simulator outlives the editor that started it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';

/** Seconds to wait for the simulator's "listening on" line before giving up. */
const startTimeoutMs = 20_000;

export class Simulator implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private address: string | undefined;
  private readonly item: vscode.StatusBarItem;

  constructor(
    private readonly cli: string,
    private readonly datasets: string[],
    private readonly output: vscode.OutputChannel,
  ) {
    this.item = vscode.window.createStatusBarItem('passk.simulator', vscode.StatusBarAlignment.Left, 9);
    this.item.name = 'passk simulator';
    this.item.command = 'passk.stopSimulator';
  }

  /** The simulator's base URL while it runs (e.g. http://127.0.0.1:8787/v1). */
  get url(): string | undefined {
    return this.address;
  }

  /** Starts the simulator on 127.0.0.1:`port` and resolves with its base URL once it listens. */
  async start(port: number): Promise<string> {
    if (this.child && this.address) return this.address;
    const args = [this.cli, 'sim', '--port', String(port), ...this.datasets.flatMap((d) => ['--dataset', d])];
    // The extension host may be Electron; ELECTRON_RUN_AS_NODE makes its executable a plain Node for the child.
    const child = spawn(process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the simulator did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
      let stdout = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        this.output.append(chunk);
        stdout += chunk;
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        this.output.append(chunk);
        stderr = (stderr + chunk).slice(-2000);
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the simulator exited with code ${code}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`));
      });
    }).catch((e: unknown) => {
      this.kill();
      throw e;
    });
    this.address = url;
    child.on('exit', () => {
      // A simulator that stops by itself (killed from outside) must not leave a status bar that says it runs.
      if (this.child === child) this.clear();
    });
    const port_ = new URL(url).port;
    this.item.text = `$(radio-tower) passk sim :${port_}`;
    this.item.tooltip = `passk simulator (a dry-run tool, not a model) at ${url}. Click to stop it.`;
    this.item.show();
    void vscode.commands.executeCommand('setContext', 'passk.simulatorRunning', true);
    return url;
  }

  /** Stops the simulator; false when none was running. */
  stop(): boolean {
    if (!this.child) return false;
    this.kill();
    return true;
  }

  private kill(): void {
    const child = this.child;
    this.clear();
    if (child && child.exitCode === null) child.kill('SIGTERM');
  }

  private clear(): void {
    this.child = undefined;
    this.address = undefined;
    this.item.hide();
    void vscode.commands.executeCommand('setContext', 'passk.simulatorRunning', false);
  }

  dispose(): void {
    this.kill();
    this.item.dispose();
  }
}
