// The prompt preview webview: the server renders an entry's prompts for the first problems (`passk/preview`,
// no model call) and this view lays the messages out, escaping every piece of text because it comes from
// datasets and recipes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PreviewRequest, type PreviewParams, type PreviewResult } from '../../server/src/protocol/requests';
import { previewBody } from './preview-html';
import { request } from './server-requests';
import { webviewPage } from './webview-page';

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
