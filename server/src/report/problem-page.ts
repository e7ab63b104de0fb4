// The sample browser: per problem the question with its LaTeX rendered ahead of time (./math-text, MathML with
// no script), the gold answer, the histogram of extracted answers, and every sample with its extracted answer
// highlighted where the text states it. Questions and samples come from datasets and models, so everything is
// written with the escaping builder of ./html.
import { el, fragment, join, num, percent, type Html, type HtmlPage } from './html';
import { mathSpan, mathText } from './math-text';
import type { BrowserProblem, BrowserSample, ProblemView } from './problem-view';
import { barChartSvg } from './svg-charts';
import { VIEW_SCRIPT } from './view-script';
import { VIEW_STYLE } from './view-style';

/** An answer as math when it parses as LaTeX, else as code. */
function answerHtml(a: string | null): Html {
  if (a === null) return el('span', { class: 'muted' }, 'no answer');
  return mathSpan(a, false) ?? el('code', null, a);
}

/** The sample's text with the last place it states its extracted answer marked. */
function sampleText(s: BrowserSample): Html {
  const at = s.answer ? s.text.lastIndexOf(s.answer) : -1;
  const body = at < 0 || !s.answer
    ? fragment(s.text)
    : fragment(s.text.slice(0, at), el('mark', null, s.answer), s.text.slice(at + s.answer.length));
  return el('pre', null, body, s.cut ? el('span', { class: 'muted' }, '… (', num(s.cut), ' more characters)') : null);
}

function sampleHtml(s: BrowserSample): Html {
  return el('div', { class: `sample ${s.correct ? 's-ok' : 's-bad'}` },
    el('div', null, el('b', null, '#', num(s.index)), ' ', el('span', { class: s.correct ? 'ok' : 'bad' }, s.correct ? '✔ correct' : '✘ wrong'),
      ' — answer ', answerHtml(s.answer), s.finish && s.finish !== 'stop' ? el('span', { class: 'muted' }, ' (finish: ', s.finish, ')') : null),
    sampleText(s));
}

/** One problem's section; `anchor` is its in-page id (an index, so no dataset text ever becomes an id). */
export function problemSection(p: BrowserProblem, anchor: string, open: boolean): Html {
  const bars = p.histogram.slice(0, 12).map((h) => ({ label: h.answer ?? '(none)', count: h.count, cls: h.correct ? 'bar-always' as const : 'bar-never' as const }));
  return el('details', { class: 'problem', id: anchor, open },
    el('summary', null, el('b', null, p.id), ' — ', num(p.correct), '/', num(p.n), ' correct (', percent(p.n ? p.correct / p.n : null), ')'),
    el('h3', null, 'Question'),
    p.question === null ? el('p', { class: 'muted' }, 'The question is in the recipe\'s dataset; open the report from the recipe to see it.') : el('div', null, mathText(p.question)),
    el('p', null, 'Gold answer: ', answerHtml(p.gold || null)),
    el('h3', null, 'Answers'),
    el('div', { class: 'charts' }, el('figure', null, barChartSvg(bars, 'extracted answers (green: judged correct)', `Answers to ${p.id}`))),
    el('ul', null, p.histogram.map((h) => el('li', null, el('span', { class: h.correct ? 'ok' : 'bad' }, answerHtml(h.answer)), ' × ', num(h.count)))),
    el('h3', null, 'Samples'),
    p.samples.map(sampleHtml),
    p.more ? el('p', { class: 'muted' }, num(p.more), ' more samples are in samples.jsonl.') : null,
  );
}

export function problemBody(v: ProblemView): Html {
  const one = v.problems.length === 1;
  return join([
    el('h1', null, one ? fragment('Problem ', v.problems[0]!.id, ' of ', v.entry) : fragment('Samples of ', v.entry)),
    v.problems.length === 0 ? el('p', { class: 'muted' }, 'No samples of this problem in the run.') : null,
    join(v.problems.map((p, i) => problemSection(p, `p${i}`, one)), '\n'),
  ], '\n');
}

export function problemPage(v: ProblemView): HtmlPage {
  const title = v.problems.length === 1 ? `passk problem ${v.problems[0]!.id} — ${v.entry}` : `passk samples — ${v.entry}`;
  return { title, style: VIEW_STYLE, body: problemBody(v), script: VIEW_SCRIPT };
}
