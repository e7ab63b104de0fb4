// The report view's content (passk/report): the report of server/src/report as separate parts, its body
// fragment and its style sheet, because the client's webview frames the fragment itself under a strict
// Content-Security-Policy with a nonce'd style element. The parts are the builder's own output, so nothing is
// taken apart or cleaned up after rendering.
import { reportPage } from '../report';
import type { RunSummary } from '../runs/run-summary';

export interface ReportFragment {
  title: string;
  /** Body markup made by server/src/report/html.ts. */
  html: string;
  /** The style sheet, written in the source (never data). */
  css: string;
}

export function reportFragment(summary: RunSummary, generated?: string, stale = false): ReportFragment {
  const page = reportPage(summary, { ...(generated ? { generated } : {}), stale });
  return { title: page.title, html: page.body.toString(), css: page.style.text };
}
