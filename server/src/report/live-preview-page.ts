// The live preview's page (passk/previewLive, docs/reports.md): for each seed tried, what the generator wrote, the
// problem parsed from it, the verifier's words, the solver's answers and the verdict. The data arrives already
// redacted and cut (server/src/insights/live-preview-view.ts); every text in it comes from a model or a dataset,
// so it is written here with the escaping builder of ./html, under the shared theme-aware style (./view-style)
// like every other view, and with no script.
import { el, fragment, join, num, type Html, type HtmlPage } from './html';
import { VIEW_STYLE } from './view-style';

/** A text, cut to a bound: `cut` characters were left out after it (0 when it is whole). */
export interface CutText {
  text: string;
  cut: number;
}

export type LiveVerdict = { status: 'accepted'; answer: string; agreement: number | null } | { status: 'rejected'; reason: string; detail?: CutText };

export interface LiveCandidateView {
  seed: string;
  seedQuestion: CutText;
  generated?: CutText;
  /** The new problem parsed from what the generator wrote. */
  question?: CutText;
  verification?: CutText;
  solutions: { answer: string | null; text: CutText }[];
  verdict?: LiveVerdict;
  /** Why the candidate has no verdict (a request failed). */
  error?: string;
}

export interface LivePreviewView {
  entry: string;
  accepted: number;
  candidates: LiveCandidateView[];
}

function cutText(t: CutText): Html {
  return fragment(t.text, t.cut > 0 ? fragment('… (', num(t.cut), ' more characters)') : null);
}

function block(label: string, t: CutText | undefined): Html | null {
  return t ? fragment(el('h3', null, label), el('pre', null, cutText(t))) : null;
}

function verdictHtml(v: LiveVerdict): Html {
  return v.status === 'accepted'
    ? el('p', { class: 'ok' }, '✔ Accepted with label ', el('b', null, v.answer), ' (agreement ', num(v.agreement ?? 0, 2), ').')
    : el('p', { class: 'bad' }, '✘ Rejected: ', v.reason, v.detail ? fragment(' ', el('span', { class: 'muted' }, '(', cutText(v.detail), ')')) : null, '.');
}

function candidateHtml(c: LiveCandidateView): Html {
  return el('section', { class: 'candidate' },
    el('h2', null, 'Seed ', c.seed),
    block('Seed problem', c.seedQuestion),
    block('Generator wrote', c.generated),
    block('New problem', c.question),
    block('Verifier said', c.verification),
    c.solutions.length
      ? fragment(el('h3', null, 'Solutions (', num(c.solutions.length), ')'), el('ol', null, c.solutions.map((s) => el('li', null,
        'answer ', el('b', null, s.answer === null ? el('span', { class: 'muted' }, 'none') : s.answer),
        el('pre', null, cutText(s.text))))))
      : null,
    c.verdict ? verdictHtml(c.verdict) : null,
    c.error ? el('p', { class: 'bad' }, '! ', c.error) : null,
  );
}

export function livePreviewPage(v: LivePreviewView): HtmlPage {
  return {
    title: `passk live preview — ${v.entry}`,
    style: VIEW_STYLE,
    body: fragment(
      el('h1', null, 'Live preview of ', v.entry),
      el('p', { class: 'muted' }, num(v.candidates.length), ' seed(s) tried, ', num(v.accepted), ' accepted. Nothing was written to the run folder or the output.'),
      join(v.candidates.map(candidateHtml), '\n'),
    ),
  };
}
