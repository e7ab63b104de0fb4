// The report webview: the server renders the report of a run (pass@k table, curve, unstable problems) as an
// HTML body fragment and its style sheet (`passk/report`); this view only frames them, as they are, under the
// strict CSP of webview-page.ts. One panel is reused, so repeated "Show Report" calls refresh it instead of
// piling up tabs.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportRequest, type ReportParams, type ReportResult } from '../../server/src/protocol/requests';
import { el, fragment } from '../../server/src/report/html';
import { problemParagraphs } from './preview-html';
import { request } from './server-requests';
import { webviewPage } from './webview-page';

export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  async show(client: LanguageClient, params: ReportParams): Promise<ReportResult> {
    const result = await request(client, ReportRequest, params);
    const panel = this.ensurePanel(result.title);
    if (result.html) {
      // The server's report is styled for a light page; pin that background so it stays legible in dark themes.
      const css = 'body{background:#ffffff;color:#1f2328}';
      panel.webview.html = webviewPage(panel.webview, { title: result.title, serverBody: result.html, ...(result.css ? { serverCss: result.css } : {}), css });
    } else {
      const body = fragment(el('h1', null, result.title), result.problems.length ? problemParagraphs(result.problems) : el('p', null, 'There is no run to report yet. Run the evaluation first.'));
      panel.webview.html = webviewPage(panel.webview, { title: result.title, body });
    }
    panel.reveal(undefined, true);
    return result;
  }

  private ensurePanel(title: string): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.title = title;
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel('passk.report', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: false,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
