// "passk: Check Recipe": diagnostics already arrive as the user types; this command waits until the server
// has analysed the document's current version (the `passk/analyzed` notification), then summarises the
// counts and opens the Problems view. The counting uses VS Code's own diagnostics, i.e. what the user sees.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalyzedNotification, type AnalyzedParams } from '../../server/src/protocol/requests';

export interface CheckSummary {
  errors: number;
  warnings: number;
}

export class RecipeCheck implements vscode.Disposable {
  private readonly analyzed = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private subscription: vscode.Disposable | undefined;

  /** Listens to `passk/analyzed` on a (re)started client. */
  attach(client: LanguageClient): void {
    this.subscription?.dispose();
    this.subscription = client.onNotification(AnalyzedNotification.method, (p: AnalyzedParams) => {
      this.analyzed.set(p.uri, Math.max(p.version, this.analyzed.get(p.uri) ?? -1));
      for (const w of [...this.waiters]) w();
    });
  }

  async check(uri: vscode.Uri, timeoutMs = 3000): Promise<CheckSummary> {
    const doc = await vscode.workspace.openTextDocument(uri);
    await this.waitFor(uri.toString(), doc.version, timeoutMs);
    const diags = vscode.languages.getDiagnostics(uri);
    const summary = {
      errors: diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length,
      warnings: diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length,
    };
    const name = vscode.workspace.asRelativePath(uri);
    if (summary.errors + summary.warnings === 0) void vscode.window.showInformationMessage(`passk: ${name} has no problems.`);
    else {
      void vscode.window.showWarningMessage(`passk: ${name} has ${summary.errors} error(s) and ${summary.warnings} warning(s).`);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
    return summary;
  }

  /** Resolves once `uri` was analysed at `version` or later, or after the timeout (an older server sends no notification). */
  private waitFor(uri: string, version: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if ((this.analyzed.get(uri) ?? -1) < version) return;
        finish();
      };
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.waiters.add(done);
      done();
    });
  }

  dispose(): void {
    this.subscription?.dispose();
  }
}
