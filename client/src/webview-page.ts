// The HTML shell every passk webview uses. Content comes from the server (report) or from escaped preview
// data; the shell adds a strict Content-Security-Policy: no scripts at all, no network, styles only under a
// fresh per-render nonce. So even a report that echoed a malicious dataset row cannot run code or load
// anything.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export interface PageParts {
  title: string;
  /** Body HTML; must already be escaped where it holds user text. */
  body: string;
  /** Extra stylesheet text, placed under the nonce. */
  css?: string;
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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Accepts either a body fragment or a whole HTML document from the server (the report renderer writes
 * self-contained files): the `<style>` elements move under the page's nonce, scripts are dropped (the CSP
 * would block them anyway), and only the body's content is kept.
 */
export function frameServerHtml(html: string): { body: string; css: string } {
  const styles: string[] = [];
  let rest = html.replace(/<style\b[^>]*>([\s\S]*?)<\/style>/gi, (_m, css: string) => {
    styles.push(css);
    return '';
  });
  rest = rest.replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const body = /<body\b[^>]*>([\s\S]*?)<\/body>/i.exec(rest);
  return { body: body ? body[1]! : rest.replace(/<!doctype[^>]*>|<\/?(html|head|body)\b[^>]*>|<meta\b[^>]*>|<title>[\s\S]*?<\/title>/gi, ''), css: styles.join('\n') };
}

export function contentSecurityPolicy(webview: vscode.Webview, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src 'nonce-${nonce}'`,
    "script-src 'none'",
  ].join('; ');
}

export function webviewPage(webview: vscode.Webview, parts: PageParts): string {
  const nonce = randomBytes(18).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style nonce="${nonce}">${baseCss}${parts.css ?? ''}</style>
</head>
<body>
${parts.body}
</body>
</html>`;
}
