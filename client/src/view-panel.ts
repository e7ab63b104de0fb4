// One webview panel for a kind of passk view (report, comparison, problem). The server answers with view data
// (server/src/report/render-view.ts); this turns it into a page with the same `renderView` the CLI uses and
// frames it under webview-page.ts's policy: its style and the views' constant script under a fresh nonce, no
// other script, no network, no command links. The script may send one message, "show the samples of this
// problem", which the owner checks against the problems the view actually lists before acting on it. One
// panel per kind is reused, so repeated commands refresh it instead of piling up tabs.
import * as vscode from 'vscode';
import { el, fragment } from '../../server/src/report/html';
import { renderView, type ViewModel } from '../../server/src/report/render-view';
import { problemParagraphs } from './preview-html';
import { webviewPage } from './webview-page';

export type ShowProblem = (problem: string) => void;

export class ViewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private listener: vscode.Disposable | undefined;

  constructor(private readonly viewType: string) {}

  /** Shows the view (or, without one, the title and the problems that say why). */
  show(title: string, view: ViewModel | undefined, problems: readonly string[], onProblem?: { ids: ReadonlySet<string>; open: ShowProblem }): void {
    const panel = this.ensurePanel(title);
    if (view) {
      const page = renderView(view);
      const notes = problems.length ? problemParagraphs(problems) : undefined;
      panel.webview.html = webviewPage(panel.webview, { title, ...(notes ? { body: notes } : {}), serverBody: page.body.toString(), css: page.style.text, ...(page.script ? { script: page.script } : {}) });
    } else {
      const body = fragment(el('h1', null, title), problems.length ? problemParagraphs(problems) : el('p', null, 'Nothing to show yet.'));
      panel.webview.html = webviewPage(panel.webview, { title, body });
    }
    this.listener?.dispose();
    this.listener = panel.webview.onDidReceiveMessage((m: unknown) => {
      const msg = typeof m === 'object' && m !== null ? (m as { type?: unknown; problem?: unknown }) : {};
      // The page's script is constant, but the page shows a stranger's data; only an id the view lists is acted on.
      if (msg.type === 'showProblem' && typeof msg.problem === 'string' && onProblem?.ids.has(msg.problem)) onProblem.open(msg.problem);
    });
    panel.reveal(undefined, true);
  }

  private ensurePanel(title: string): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.title = title;
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(this.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      // Scripts run only under the page's nonce (webview-page.ts); command links stay off.
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.panel = undefined;
        this.listener?.dispose();
        this.listener = undefined;
      }
    });
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.listener?.dispose();
    this.panel?.dispose();
  }
}
