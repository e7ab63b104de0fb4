// The report view's content (passk/report): the self-contained HTML report of server/src/report split into a
// body fragment and its stylesheet, because the client's webview frames the fragment itself under a strict
// Content-Security-Policy with a nonce'd style element. Any script or event-handler attribute is removed as a
// second line of defence, although the renderer emits none.
import { renderHtmlReport } from '../report';
import type { RunSummary } from '../runs/run-summary';

export interface ReportFragment {
  title: string;
  html: string;
  css: string;
}

export function reportFragment(summary: RunSummary, generated?: string, stale = false): ReportFragment {
  const page = renderHtmlReport(summary, { ...(generated ? { generated } : {}), stale });
  const css = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join('\n');
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(page)?.[1] ?? page;
  const html = body
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    // Only inside tags: escaped text such as a problem id reading "onerror=" is content, not an attribute.
    .replace(/<[a-z][^>]*>/gi, (tag) => tag.replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, ''))
    .trim();
  return { title: `passk report — ${summary.entry}`, html, css };
}
