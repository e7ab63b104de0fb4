// Helpers for the extension tests: find the workspace's fixture files, open them, and wait for what the
// language server pushes (diagnostics) without sleeping for fixed times.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const extensionId = 'passk.passk';

export function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e run must open the fixture workspace folder');
  return vscode.Uri.joinPath(folder.uri, rel);
}

export async function openFile(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The public API the extension returns from activate(); activates it first. */
export async function passkApi(): Promise<{ activationMs: number; ready: Promise<number> }> {
  const ext = vscode.extensions.getExtension<{ activationMs: number; ready: Promise<number> }>(extensionId);
  assert.ok(ext, `extension ${extensionId} is installed`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  return api;
}

/** Resolves with the diagnostics of `uri` once `accept` returns true for them, or rejects after `timeoutMs`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (d: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (accept(d)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(d);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`diagnostics of ${uri.fsPath} never matched; last: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((x) => [x.code, x.message]))}`));
    }, timeoutMs);
    check();
  });
}

/** Position just inside the first occurrence of `needle` in the document (0-based line/character). */
export function positionOf(doc: vscode.TextDocument, needle: string, offsetInNeedle = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${JSON.stringify(needle)} occurs in ${doc.uri.fsPath}`);
  return doc.positionAt(at + offsetInNeedle);
}
