// The live preview's content (passk/previewLive): for each seed tried, what the generator wrote, the problem
// parsed from it, the verifier's words, the solver's answers and the verdict, as an HTML body fragment for the
// client's locked webview. Every piece of text comes from a model or a dataset, so all of it goes through the
// escaping builder of server/src/report/html.ts, and long texts are cut so one chatty model cannot produce a
// page the webview struggles with. `redact` is applied to each whole text before it is cut and escaped (the API
// keys of the request): a cut could leave half a key, and once escaped a key holding "&" or "<" would no longer
// be found in the markup.
import { css, el, fragment, join, num, type Html } from '../report/html';
import type { LiveCandidate } from '../preview/preview-live';

export interface LivePreviewFragment {
  title: string;
  html: string;
  css: string;
}

const MAX_TEXT = 4000;
const MAX_SOLUTION = 600;

const CSS = css`body{font:14px/1.45 system-ui,sans-serif;margin:16px;color:#1f2328}
section{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:0 0 16px}
pre{white-space:pre-wrap;background:#f6f8fa;padding:6px 8px;margin:4px 0 10px}
.ok{color:#1a7f37}.bad{color:#cf222e}.muted{color:#656d76}h2{font-size:15px;margin:4px 0 8px}h3{font-size:13px;margin:8px 0 2px}`;

type Redact = (text: string) => string;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** Text from a model or dataset: a string as stored, anything else (a malformed record) as empty. */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function candidateHtml(c: LiveCandidate, t: Redact): Html {
  const block = (label: string, text: unknown, max = MAX_TEXT): Html => fragment(el('h3', null, label), el('pre', null, cut(t(str(text)), max)));
  const trace = c.trace ?? {};
  const sols = Array.isArray(trace.solutions) ? trace.solutions : [];
  const record = c.record;
  const verdict = !record
    ? null
    : record.status === 'accepted'
      ? el('p', { class: 'ok' }, '✔ Accepted with label ', el('b', null, t(str(record.answer))), ' (agreement ', num(record.agreement ?? 0, 2), ').')
      : el('p', { class: 'bad' }, '✘ Rejected: ', t(str(record.reason) || 'unknown'),
        record.detail ? fragment(' ', el('span', { class: 'muted' }, '(', cut(t(str(record.detail)), 300), ')')) : null, '.');
  return el('section', null,
    el('h2', null, 'Seed ', t(str(c.seed?.id))),
    block('Seed problem', c.seed?.question),
    trace.generated !== undefined ? block('Generator wrote', trace.generated) : null,
    record?.question ? block('New problem', record.question) : null,
    trace.verification !== undefined ? block('Verifier said', trace.verification) : null,
    sols.length
      ? fragment(el('h3', null, 'Solutions (', num(sols.length), ')'), el('ol', null, sols.map((s) => el('li', null,
        'answer ', el('b', null, s.answer === null ? el('span', { class: 'muted' }, 'none') : t(str(s.answer))),
        el('pre', null, cut(t(str(s.text)), MAX_SOLUTION))))))
      : null,
    verdict,
    c.error ? el('p', { class: 'bad' }, '! ', t(str(c.error))) : null,
  );
}

export function livePreviewFragment(entry: string, candidates: readonly LiveCandidate[], redact: Redact = (s) => s): LivePreviewFragment {
  const accepted = candidates.filter((c) => c.record?.status === 'accepted').length;
  const html = fragment(
    el('h1', null, 'Live preview of ', redact(entry)),
    el('p', { class: 'muted' }, num(candidates.length), ' seed(s) tried, ', num(accepted), ' accepted. Nothing was written to the run folder or the output.'),
    join(candidates.map((c) => candidateHtml(c, redact)), '\n'),
  );
  return { title: `passk live preview — ${redact(entry)}`, html: html.toString(), css: CSS.text };
}
