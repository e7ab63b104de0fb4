// The report of one run: the figures with intervals, the whole pass@k and maj@k curves with bands and the
// success histogram as inline SVG, and the problems sorted hardest first with their answer distributions, in
// a table that can be sorted and searched. The only script is ./view-script's constant one; no stylesheet link,
// no font or image fetch, and a Content-Security-Policy that would refuse them anyway: the file can be mailed,
// archived or shown in a locked webview. Everything on it comes from run files, which anyone can plant in a
// `.passk/` folder, so it is read through ./report-data and written with ./html.
import type { RunSummary } from '../runs/run-summary';
import type { Interval } from '../stats';
import { el, fragment, htmlDocument, join, num, percent, type Child, type Html, type HtmlPage } from './html';
import { provenanceLine, STALE_WARNING } from './provenance';
import { reportData, type ReportData, type ReportFigure, type ReportProblem } from './report-data';
import { passAtKCurveSvg, successHistogramSvg } from './svg-charts';
import { groupsSection } from './groups-section';
import { usageSection } from './usage-section';
import { mathSpan } from './math-text';
import { problemSection } from './problem-page';
import type { ProblemView } from './problem-view';
import { VIEW_SCRIPT } from './view-script';
import { VIEW_STYLE } from './view-style';

export interface HtmlReportOptions {
  /** Bounds the problem table for very large runs (default 2000). */
  maxProblems?: number;
  /** When the report was made, shown beside the run's own dates. */
  generated?: string | undefined;
  /** The recipe changed since the run: the figures describe an older configuration. */
  stale?: boolean;
  /** The whole curves, from the run's samples (./whole-curve); without them the chart has the recipe's k values. */
  curve?: readonly ReportFigure[];
  /** The sample browser's problems, shown after the table, which links each problem to its section. */
  browser?: ProblemView;
}

function interval(i: Interval | null): Html {
  return i ? fragment('[', percent(i.lo), ', ', percent(i.hi), ']') : fragment();
}

/** One collator for the whole sort: `localeCompare` with options builds a new one on every call. */
const byId = new Intl.Collator(undefined, { numeric: true });

const rate = (p: ReportProblem): number => (p.correct ?? 0) / Math.max(1, p.n ?? 0);

/** The problems in the table's order: hardest first, then by id. */
export function hardestFirst(problems: readonly ReportProblem[]): ReportProblem[] {
  return [...problems].sort((a, b) => rate(a) - rate(b) || byId.compare(a.id, b.id));
}

/** Where a problem stands, as a word a reader can search for. */
function status(p: ReportProblem): string {
  if (!p.n || p.correct === null) return 'no samples';
  if (p.correct === 0) return 'never';
  if (p.correct >= p.n) return 'always';
  return p.unstable ? 'sometimes unstable' : 'sometimes';
}

function problemRow(p: ReportProblem, anchor: string | undefined): Html {
  const answers = join(p.answers.map((a) => fragment(el('span', { class: a.correct ? 'ok' : 'bad' }, mathSpan(a.answer, false) ?? a.answer), '×', num(a.count))), ', ');
  const r = p.n ? (p.correct ?? 0) / p.n : null;
  return el('tr', null,
    el('td', { class: 'l pid', 'data-v': p.id }, anchor ? el('a', { href: `#${anchor}` }, p.id) : p.id),
    el('td', null, num(p.n)),
    el('td', null, num(p.correct)),
    el('td', { 'data-v': r === null ? '' : r.toFixed(6) }, percent(r)),
    el('td', { class: 'l' }, p.gold ? mathSpan(p.gold, false) ?? el('code', null, p.gold) : null),
    el('td', { class: 'l' }, answers, p.unanswered ? fragment(' ', el('span', { class: 'muted' }, '(', num(p.unanswered), ' unanswered)')) : null),
    el('td', { class: 'l' }, p.unstable ? '⚠ ' : '', status(p)),
  );
}

/** The report's body: the one rendering of a run, for the standalone file and the editor's webview alike. */
export function reportBody(d: ReportData, provenance: string, opts: Pick<HtmlReportOptions, 'generated' | 'stale' | 'maxProblems' | 'browser'> = {}): Html {
  const browsed = opts.browser?.problems ?? [];
  const anchors = new Map(browsed.map((p, i) => [p.id, `p${i}`] as const));
  const level = d.ciLevel === null ? fragment('CI') : fragment(num(Math.round(d.ciLevel * 100)), '% CI');
  const figures = d.figures.map((f) => el('tr', null,
    el('td', null, num(f.k)), el('td', null, percent(f.passAtK, 2)), el('td', { class: 'muted' }, interval(f.passCi)),
    el('td', null, percent(f.majAtK, 2)), el('td', { class: 'muted' }, interval(f.majCi))));
  const expect = d.expect.map((x) => el('li', { class: x.passed ? 'ok' : 'bad' },
    x.metric, ' ≥ ', num(x.threshold), ': ', x.passed ? 'met' : 'NOT met', ' (', percent(x.actual, 2), ')'));
  const limit = opts.maxProblems ?? 2000;
  const rows = hardestFirst(d.perProblem)
    .slice(0, limit)
    .map((p) => problemRow(p, anchors.get(p.id)));
  const status: Child = d.complete
    ? el('span', { class: 'ok' }, 'Complete.')
    : el('span', { class: 'bad' }, 'Incomplete: ', num(d.missing), ' samples missing.');
  const header: Child[] = ['k', 'pass@k', level, 'maj@k', level].map((h) => el('th', null, h));
  const problemHeader = [['problem', 'l'], ['n'], ['correct'], ['pass@1'], ['gold', 'l'], ['answers (most frequent first)', 'l'], ['status', 'l']]
    .map(([h, cls]) => el('th', cls ? { class: cls } : null, h!));
  return join([
    el('h1', null, 'passk report — ', d.entry),
    opts.stale ? el('p', { class: 'bad' }, el('b', null, STALE_WARNING)) : null,
    el('p', { class: 'muted', id: 'provenance' }, provenance),
    el('p', null,
      'Model ', el('b', null, d.model.name), ' (', el('code', null, d.model.id), ', ', d.model.api, ') on dataset ', el('b', null, d.dataset), ':\n',
      num(d.problems), ' problems × ', num(d.samplesPerProblem), ' samples, temperature ', num(d.temperature),
      d.seed !== null ? fragment(', seed ', num(d.seed)) : null, '.\n',
      status, '\n',
      el('span', { class: 'muted' }, 'Fingerprint ', d.fingerprint.slice(0, 12), ', updated ', d.updated, opts.generated ? fragment(', report generated ', opts.generated) : null, '.')),
    el('div', { class: 'scroll' }, el('table', null, el('tr', null, header), figures)),
    el('p', null, 'Latent accuracy (pass@n − pass@1): ', el('b', null, percent(d.latent, 2)),
      '; unstable problems (solved at least once, pass@1 below one half): ', el('b', null, num(d.unstable)), '.'),
    expect.length ? el('ul', null, expect) : null,
    usageSection(d.usage),
    groupsSection(d),
    el('div', { class: 'charts' },
      el('figure', null, passAtKCurveSvg(d), el('figcaption', null,
        d.curve.length ? fragment('pass@k (unbiased estimator) and exact maj@k at every k from 1 to ', num(d.curve[d.curve.length - 1]!.k), ', shaded: ', level, '.')
          : 'pass@k (unbiased estimator) and exact maj@k at the recipe\'s k values, shaded: the interval.')),
      el('figure', null, successHistogramSvg(d), el('figcaption', null, 'How many problems are solved never, sometimes, always.'))),
    el('h2', null, 'Problems, hardest first'),
    el('input', { class: 'search', type: 'search', placeholder: 'Search problems, answers, status (never, sometimes, always, unstable)…', 'aria-label': 'Search problems', 'aria-controls': 'problems', hidden: true }),
    el('div', { class: 'scroll' }, el('table', { id: 'problems', class: 'sortable' }, el('thead', null, el('tr', null, problemHeader)), el('tbody', null, join(rows, '\n')))),
    d.perProblem.length > limit ? el('p', { class: 'muted' }, num(d.perProblem.length - limit), ' more problems are in summary.json.') : null,
    browsed.length ? fragment(el('h2', null, 'Samples, hardest problems first'), join(browsed.map((p, i) => problemSection(p, `p${i}`, false)), '\n')) : null,
  ], '\n');
}

/** The report as parts: the CLI writes them as one file, the editor's webview frames them under its own policy. */
export function reportPage(summary: RunSummary, opts: HtmlReportOptions = {}): HtmlPage {
  const d = reportData(summary, opts.curve);
  return { title: `passk report — ${d.entry}`, style: VIEW_STYLE, body: reportBody(d, provenanceLine(summary), opts), script: VIEW_SCRIPT };
}

/** The report as one HTML document with its Content-Security-Policy. */
export function renderHtmlReport(summary: RunSummary, opts: HtmlReportOptions = {}): string {
  return htmlDocument(reportPage(summary, opts));
}
