// The status bar item: one glance tells whether the language server is starting, ready, failed, or running
// an evaluation. Clicking it opens the passk output channel, where the server's log and traces go.
import * as vscode from 'vscode';

export type ServerState = 'starting' | 'ready' | 'stopped' | 'error';

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: ServerState = 'starting';
  private run: string | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('passk.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'passk';
    this.item.command = 'passk.showOutput';
    this.render();
    this.item.show();
  }

  setState(state: ServerState, detail?: string): void {
    this.state = state;
    this.render(detail);
  }

  /** Shows a running run's progress (e.g. "gsm8k-7b 42%"), or clears it with undefined. */
  setRun(text: string | undefined): void {
    this.run = text;
    this.render();
  }

  get current(): ServerState {
    return this.state;
  }

  private render(detail?: string): void {
    const icons: Record<ServerState, string> = {
      starting: '$(loading~spin)',
      ready: '$(check)',
      stopped: '$(circle-slash)',
      error: '$(error)',
    };
    const label = this.run ? `$(sync~spin) passk: ${this.run}` : `${icons[this.state]} passk: ${this.state}`;
    this.item.text = label;
    this.item.tooltip = detail ?? (this.run ? `passk is running ${this.run}. Click for the output.` : `passk language server: ${this.state}. Click for the output.`);
    this.item.backgroundColor = this.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
