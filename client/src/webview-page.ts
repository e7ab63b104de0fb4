// The HTML shell every passk webview uses. Its content is markup made by the escaping builder of
// server/src/report/html.ts: on this side (the prompt preview, messages) or by the language server (the report
// and the live preview, which arrive as separate body and style parts so nothing here has to take a document
// apart). The shell adds a strict Content-Security-Policy: no network, styles and the views' one constant script
// (server/src/report/view-script.ts) only under a fresh per-render nonce, no other script. So even if some text
// slipped through unescaped, it could not run code or load anything.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { escapeText, type Html, type Script } from '../../server/src/report/html';

export interface PageParts {
  title: string;
  /** Markup built on this side with the builder. */
  body?: Html;
  /**
   * A body fragment from the language server (`passk/report`, `passk/previewLive`), built there with the same
   * builder. It is placed after `body` as it is: never parsed, edited or cleaned up here.
   */
  serverBody?: string;
  /** The server's style sheet for `serverBody`; placed under the nonce. */
  serverCss?: string;
  /** A style sheet of this extension's own, placed under the nonce after the server's. */
  css?: string;
  /** The views' constant script (a `Script` of server/src/report/html.ts), placed under the nonce. */
  script?: Script;
}

const baseCss = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
  background: var(--vscode-editor-background); padding: 0 1.5em 2em; line-height: 1.45; }
h1 { font-size: 1.4em; font-weight: 600; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border); }
pre { white-space: pre-wrap; background: var(--vscode-textCodeBlock-background); padding: .6em .8em; border-radius: 4px; }
table { border-collapse: collapse; } td, th { padding: .25em .8em; border-bottom: 1px solid var(--vscode-panel-border); text-align: left; }
.problem { color: var(--vscode-errorForeground); }
.role { font-size: .85em; text-transform: uppercase; opacity: .75; margin: .8em 0 .2em; }
`;

/**
 * A style sheet may go into the nonce'd style element only if it cannot close that element. The server's
 * sheets are constants in its source; this refuses anything else rather than repairing it.
 */
function sheet(text: string | undefined): string {
  return text && !text.includes('<') ? text : '';
}

export function contentSecurityPolicy(webview: vscode.Webview, nonce: string, scripts = false): string {
  return [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src 'nonce-${nonce}'`,
    scripts ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The policy is made of constants, VS Code's resource origin and a base64 nonce, none of which holds a quote. */
export function webviewPage(webview: vscode.Webview, parts: PageParts): string {
  const nonce = randomBytes(18).toString('base64');
  const styles = [baseCss, sheet(parts.serverCss), sheet(parts.css)].filter(Boolean).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview, nonce, parts.script !== undefined)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(parts.title)}</title>
<style nonce="${nonce}">${styles}</style>
</head>
<body>
${parts.body?.toString() ?? ''}${parts.serverBody ?? ''}
${parts.script && !parts.script.text.includes('<') ? `<script nonce="${nonce}">${parts.script.text}</script>\n` : ''}</body>
</html>`;
}
