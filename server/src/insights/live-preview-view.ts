// The live preview's view data (passk/previewLive): the candidates of a synthesis entry's first seeds as the
// plain data of a `LivePreviewView`, which the client renders with the shared `renderView`
// (server/src/report/render-view.ts) like every other view. Long texts are cut so one chatty model cannot produce
// a page the webview struggles with. `redact` is applied to each whole text before it is cut, and so before the
// renderer escapes it (the API keys of the request): a cut could leave half a key, and once escaped a key holding
// "&" or "<" would no longer be found in the markup.
import type { LiveCandidate } from '../preview/preview-live';
import type { CutText, LiveCandidateView, LivePreviewView, LiveVerdict } from '../report/live-preview-page';

const MAX_TEXT = 4000;
const MAX_SOLUTION = 600;
const MAX_DETAIL = 300;

type Redact = (text: string) => string;

/** Text from a model or dataset: a string as stored, anything else (a malformed record) as empty. */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function cut(text: string, max: number): CutText {
  return text.length > max ? { text: text.slice(0, max), cut: text.length - max } : { text, cut: 0 };
}

function candidateView(c: LiveCandidate, t: Redact): LiveCandidateView {
  const text = (v: unknown, max = MAX_TEXT): CutText => cut(t(str(v)), max);
  const trace = c.trace ?? {};
  const sols = Array.isArray(trace.solutions) ? trace.solutions : [];
  const record = c.record;
  let verdict: LiveVerdict | undefined;
  if (record?.status === 'accepted') {
    verdict = { status: 'accepted', answer: t(str(record.answer)), agreement: typeof record.agreement === 'number' && Number.isFinite(record.agreement) ? record.agreement : null };
  } else if (record) {
    verdict = { status: 'rejected', reason: t(str(record.reason)) || 'unknown', ...(record.detail ? { detail: text(record.detail, MAX_DETAIL) } : {}) };
  }
  return {
    seed: t(str(c.seed?.id)),
    seedQuestion: text(c.seed?.question),
    ...(trace.generated !== undefined ? { generated: text(trace.generated) } : {}),
    ...(record?.question ? { question: text(record.question) } : {}),
    ...(trace.verification !== undefined ? { verification: text(trace.verification) } : {}),
    solutions: sols.map((s) => ({ answer: s.answer === null ? null : t(str(s.answer)), text: text(s.text, MAX_SOLUTION) })),
    ...(verdict ? { verdict } : {}),
    ...(c.error ? { error: t(str(c.error)) } : {}),
  };
}

export function livePreviewView(entry: string, candidates: readonly LiveCandidate[], redact: Redact = (s) => s): LivePreviewView {
  return {
    entry: redact(entry),
    accepted: candidates.filter((c) => c.record?.status === 'accepted').length,
    candidates: candidates.map((c) => candidateView(c, redact)),
  };
}
