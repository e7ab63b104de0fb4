// A self-contained HTML report of one run: the figures with intervals, the pass@k curve and the success
// histogram as inline SVG, and the problems sorted hardest first with their answer distributions. No script,
// no stylesheet link, no font or image fetch, and a Content-Security-Policy that would refuse them anyway: the
// file can be mailed, archived or shown in a locked webview. Everything on it comes from summary.json, which
// anyone can plant in a `.passk/` folder, so it is read through ./report-data and written with ./html.
import type { RunSummary } from '../runs/run-summary';
import type { Interval } from '../stats';
import { css, el, fragment, htmlDocument, join, num, percent, type Child, type Html, type HtmlPage } from './html';
import { provenanceLine, STALE_WARNING } from './provenance';
import { reportData, type ReportData, type ReportProblem } from './report-data';
import { passAtKCurveSvg, successHistogramSvg } from './svg-charts';
import { groupsSection } from './groups-section';
import { usageSection } from './usage-section';

const STYLE = css`body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:right}
th{background:#f6f8fa}td.l,th.l{text-align:left}.bad{color:#cf222e}.ok{color:#1a7f37}.muted{color:#656d76}
figure{display:inline-block;margin:0 16px 16px 0}code{background:#f6f8fa;padding:1px 4px}`;

export interface HtmlReportOptions {
  /** Bounds the problem table for very large runs (default 2000). */
  maxProblems?: number;
  /** When the report was made, shown beside the run's own dates. */
  generated?: string;
  /** The recipe changed since the run: the figures describe an older configuration. */
  stale?: boolean;
}

function interval(i: Interval | null): Html {
  return i ? fragment('[', percent(i.lo), ', ', percent(i.hi), ']') : fragment();
}

/** One collator for the whole sort: `localeCompare` with options builds a new one on every call. */
const byId = new Intl.Collator(undefined, { numeric: true });

const rate = (p: ReportProblem): number => (p.correct ?? 0) / Math.max(1, p.n ?? 0);

function problemRow(p: ReportProblem): Html {
  const answers = join(p.answers.map((a) => fragment(el('span', { class: a.correct ? 'ok' : 'bad' }, a.answer), '×', num(a.count))), ', ');
  return el('tr', null,
    el('td', { class: 'l' }, p.id),
    el('td', null, num(p.n)),
    el('td', null, num(p.correct)),
    el('td', null, percent(p.n ? (p.correct ?? 0) / p.n : null)),
    el('td', { class: 'l' }, el('code', null, p.gold)),
    el('td', { class: 'l' }, answers, p.unanswered ? fragment(' ', el('span', { class: 'muted' }, '(', num(p.unanswered), ' unanswered)')) : null),
    el('td', null, p.unstable ? '⚠' : ''),
  );
}

function body(d: ReportData, provenance: string, opts: HtmlReportOptions): Html {
  const level = d.ciLevel === null ? fragment('CI') : fragment(num(Math.round(d.ciLevel * 100)), '% CI');
  const figures = d.figures.map((f) => el('tr', null,
    el('td', null, num(f.k)), el('td', null, percent(f.passAtK, 2)), el('td', { class: 'muted' }, interval(f.passCi)),
    el('td', null, percent(f.majAtK, 2)), el('td', { class: 'muted' }, interval(f.majCi))));
  const expect = d.expect.map((x) => el('li', { class: x.passed ? 'ok' : 'bad' },
    x.metric, ' ≥ ', num(x.threshold), ': ', x.passed ? 'met' : 'NOT met', ' (', percent(x.actual, 2), ')'));
  const limit = opts.maxProblems ?? 2000;
  const rows = [...d.perProblem]
    .sort((a, b) => rate(a) - rate(b) || byId.compare(a.id, b.id))
    .slice(0, limit)
    .map(problemRow);
  const status: Child = d.complete
    ? el('span', { class: 'ok' }, 'Complete.')
    : el('span', { class: 'bad' }, 'Incomplete: ', num(d.missing), ' samples missing.');
  const header: Child[] = ['k', 'pass@k', level, 'maj@k', level].map((h) => el('th', null, h));
  const problemHeader = [['problem', 'l'], ['n'], ['correct'], ['pass@1'], ['gold', 'l'], ['answers (most frequent first)', 'l'], ['unstable']]
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
    el('table', null, el('tr', null, header), figures),
    el('p', null, 'Latent accuracy (pass@n − pass@1): ', el('b', null, percent(d.latent, 2)),
      '; unstable problems (solved at least once, pass@1 below one half): ', el('b', null, num(d.unstable)), '.'),
    expect.length ? el('ul', null, expect) : null,
    usageSection(d.usage),
    groupsSection(d),
    el('figure', null, passAtKCurveSvg(d), el('figcaption', null, 'pass@k (unbiased estimator) and exact maj@k.')),
    el('figure', null, successHistogramSvg(d), el('figcaption', null, 'How many problems are solved never, sometimes, always.')),
    el('h2', null, 'Problems, hardest first'),
    el('table', null, el('tr', null, problemHeader), join(rows, '\n')),
    d.perProblem.length > limit ? el('p', { class: 'muted' }, num(d.perProblem.length - limit), ' more problems are in summary.json.') : null,
  ], '\n');
}

/** The report as parts: the CLI writes them as one file, the editor's webview frames them under its own policy. */
export function reportPage(summary: RunSummary, opts: HtmlReportOptions = {}): HtmlPage {
  const d = reportData(summary);
  return { title: `passk report — ${d.entry}`, style: STYLE, body: body(d, provenanceLine(summary), opts) };
}

/** The report as one HTML document with its Content-Security-Policy. */
export function renderHtmlReport(summary: RunSummary, opts: HtmlReportOptions = {}): string {
  return htmlDocument(reportPage(summary, opts));
}
