// The prompt preview webview: the server renders an entry's prompts for the first problems (`passk/preview`,
// no model call) and this view lays the messages out, escaping every piece of text because it comes from
// datasets and recipes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PreviewRequest, type PreviewParams, type PreviewResult } from '../../server/src/protocol/requests';
import { request } from './server-requests';
import { escapeHtml, webviewPage } from './webview-page';

export function previewBody(result: PreviewResult): string {
  const items = result.items
    .map(
      (item) =>
        `<h2>Problem ${escapeHtml(item.problem)}</h2>` +
        item.messages.map((m) => `<div class="role">${escapeHtml(m.role)}</div><pre>${escapeHtml(m.content)}</pre>`).join(''),
    )
    .join('\n');
  const problems = result.problems.map((p) => `<p class="problem">${escapeHtml(p)}</p>`).join('');
  return `<h1>Prompts of ${escapeHtml(result.entry)}</h1>${problems}${items || '<p>No problem could be rendered.</p>'}`;
}

export class PreviewView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  async show(client: LanguageClient, params: PreviewParams): Promise<PreviewResult> {
    const result = await request<PreviewParams, PreviewResult>(client, PreviewRequest.method, params);
    const title = `passk preview: ${result.entry}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('passk.preview', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      const panel = this.panel;
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
      });
    }
    this.panel.title = title;
    this.panel.webview.html = webviewPage(this.panel.webview, { title, body: previewBody(result) });
    this.panel.reveal(undefined, true);
    return result;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
