// "passk: Start Simulator" / "Stop Simulator": the bundled simulator (dist/cli.js sim, through sim-child.ts) as a
// child process of the extension host, so the walkthrough needs no terminal and no `passk` on PATH. It knows
// the problems of the starter data shipped in the .vsix. The status bar shows its port while it runs; disposing
// the extension (closing the window) stops it, so no simulator outlives the editor that started it.
import * as vscode from 'vscode';
import { startSimChild, type SimChild } from './sim-child';

export class Simulator implements vscode.Disposable {
  private running: SimChild | undefined;
  private starting: Promise<string> | undefined;
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
    return this.running?.url;
  }

  /** Starts the simulator on 127.0.0.1:`port` (once; a second call gets the same one) and resolves with its base URL. */
  start(port: number): Promise<string> {
    if (this.running) return Promise.resolve(this.running.url);
    this.starting ??= this.launch(port).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(port: number): Promise<string> {
    const sim = await startSimChild({ runtime: process.execPath, cli: this.cli, port, datasets: this.datasets, onOutput: (t) => this.output.append(t) });
    this.running = sim;
    // A simulator killed from outside must not leave a status bar that says it runs.
    sim.child.once('exit', () => {
      if (this.running === sim) this.clear();
    });
    this.item.text = `$(radio-tower) passk sim :${new URL(sim.url).port}`;
    this.item.tooltip = `passk simulator (a dry-run tool, not a model) at ${sim.url}. Click to stop it.`;
    this.item.show();
    void vscode.commands.executeCommand('setContext', 'passk.simulatorRunning', true);
    return sim.url;
  }

  /** Stops the simulator; false when none was running. */
  async stop(): Promise<boolean> {
    const sim = this.running;
    if (!sim) return false;
    this.clear();
    await sim.stop();
    return true;
  }

  private clear(): void {
    this.running = undefined;
    this.item.hide();
    void vscode.commands.executeCommand('setContext', 'passk.simulatorRunning', false);
  }

  dispose(): void {
    void this.stop();
    this.item.dispose();
  }
}
