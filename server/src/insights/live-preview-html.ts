// The live preview's content (passk/previewLive): for each seed tried, what the generator wrote, the problem
// parsed from it, the verifier's words, the solver's answers and the verdict, as an HTML body fragment for the
// client's locked webview. Every piece of text comes from a model or a dataset, so all of it is escaped, and
// long texts are cut so one chatty model cannot produce a page the webview struggles with.
import { escapeXml as e } from '../report/format';
import type { LiveCandidate } from '../preview/preview-live';

export interface LivePreviewFragment {
  title: string;
  html: string;
  css: string;
}

const MAX_TEXT = 4000;
const MAX_SOLUTION = 600;

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:16px;color:#1f2328}
section{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:0 0 16px}
pre{white-space:pre-wrap;background:#f6f8fa;padding:6px 8px;margin:4px 0 10px}
.ok{color:#1a7f37}.bad{color:#cf222e}.muted{color:#656d76}h2{font-size:15px;margin:4px 0 8px}h3{font-size:13px;margin:8px 0 2px}`;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function block(label: string, text: string, max = MAX_TEXT): string {
  return `<h3>${e(label)}</h3><pre>${e(cut(text, max))}</pre>`;
}

function candidateHtml(c: LiveCandidate): string {
  const parts = [`<section><h2>Seed ${e(c.seed.id)}</h2>`, block('Seed problem', c.seed.question)];
  if (c.trace.generated !== undefined) parts.push(block('Generator wrote', c.trace.generated));
  if (c.record?.question) parts.push(block('New problem', c.record.question));
  if (c.trace.verification !== undefined) parts.push(block('Verifier said', c.trace.verification));
  const sols = c.trace.solutions ?? [];
  if (sols.length) {
    parts.push(`<h3>Solutions (${sols.length})</h3><ol>`);
    for (const s of sols) parts.push(`<li>answer <b>${s.answer === null ? '<span class="muted">none</span>' : e(s.answer)}</b><pre>${e(cut(s.text, MAX_SOLUTION))}</pre></li>`);
    parts.push('</ol>');
  }
  if (c.record) {
    parts.push(
      c.record.status === 'accepted'
        ? `<p class="ok">✔ Accepted with label <b>${e(String(c.record.answer ?? ''))}</b> (agreement ${(c.record.agreement ?? 0).toFixed(2)}).</p>`
        : `<p class="bad">✘ Rejected: ${e(c.record.reason ?? 'unknown')}${c.record.detail ? ` <span class="muted">(${e(cut(c.record.detail, 300))})</span>` : ''}.</p>`,
    );
  }
  if (c.error) parts.push(`<p class="bad">! ${e(c.error)}</p>`);
  parts.push('</section>');
  return parts.join('');
}

export function livePreviewFragment(entry: string, candidates: readonly LiveCandidate[]): LivePreviewFragment {
  const accepted = candidates.filter((c) => c.record?.status === 'accepted').length;
  const head = `<h1>Live preview of ${e(entry)}</h1><p class="muted">${candidates.length} seed(s) tried, ${accepted} accepted. Nothing was written to the run folder or the output.</p>`;
  return { title: `passk live preview — ${entry}`, html: head + candidates.map(candidateHtml).join('\n'), css: CSS };
}
