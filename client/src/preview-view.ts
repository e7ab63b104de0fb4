// The prompt preview webview: the server renders an entry's prompts for the first problems (`passk/preview`,
// no model call) and this view lays the messages out with the escaping builder, because every piece of text
// comes from datasets and recipes; the live preview arrives as view data and is rendered like the report.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LivePreviewRequest,
  PreviewRequest,
  type LivePreviewParams,
  type LivePreviewResult,
  type PreviewParams,
  type PreviewResult,
} from '../../server/src/protocol/requests';
import type { Html } from '../../server/src/report/html';
import { renderView } from '../../server/src/report/render-view';
import { previewBody, problemParagraphs } from './preview-html';
import { request } from './server-requests';
import { webviewPage, type PageParts } from './webview-page';

export class PreviewView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  async show(client: LanguageClient, params: PreviewParams): Promise<PreviewResult> {
    const result = await request(client, PreviewRequest, params);
    const title = `passk preview: ${result.entry}`;
    this.render(title, { body: previewBody(result) });
    return result;
  }

  /** The live preview calls models, so it runs under a cancellable progress notification. */
  async showLive(client: LanguageClient, params: LivePreviewParams): Promise<LivePreviewResult | undefined> {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `passk: live preview of ${params.entry ?? 'synthesis'}`, cancellable: true },
      (_progress, token) => request(client, LivePreviewRequest, params, token),
    );
    // The problems come first, then the view, rendered by the one renderer of every passk view with its
    // theme-aware style sheet.
    const body: Html = problemParagraphs(result.problems);
    const page = result.view ? renderView(result.view) : undefined;
    this.render(result.title, { body, ...(page ? { serverBody: page.body.toString(), serverCss: page.style.text } : {}) });
    return result;
  }

  private render(title: string, content: Omit<PageParts, 'title'>): void {
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
    this.panel.webview.html = webviewPage(this.panel.webview, { title, ...content });
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
