// The report of an evaluation's series (docs/reports.md): the chart of ./series-chart and a table of each
// checkpoint's figures with intervals, as a page of its own (`passk report <recipe> -e <series entry> --html`)
// and as text. The page follows the reader's light or dark scheme; like every report it has no script.
import { css, el, fragment, htmlDocument, join, num, percent, type Html, type HtmlPage } from './html';
import type { ReportFigure } from './report-data';
import { seriesChartSvg } from './series-chart';
import type { SeriesData } from './series-data';
import { pct, terminalText } from './format';
import type { Interval } from '../stats';

const STYLE = css`:root{color-scheme:light dark}body{font:14px/1.45 system-ui,sans-serif;margin:24px;max-width:1000px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #8888;padding:4px 8px;text-align:right}
td.l,th.l{text-align:left}.muted{opacity:.7}.bad{color:#d1242f}figure{margin:0 0 16px}`;

function interval(i: Interval | null | undefined): Html {
  return i ? el('span', { class: 'muted' }, ' [', percent(i.lo), ', ', percent(i.hi), ']') : fragment();
}

function cell(f: ReportFigure | null, which: 'pass' | 'maj'): Html {
  if (!f) return el('td', null, '—');
  return which === 'pass' ? el('td', null, percent(f.passAtK, 1), interval(f.passCi)) : el('td', null, percent(f.majAtK, 1), interval(f.majCi));
}

/** The series page's body, for the standalone page here and for the editor's view (./render-view). */
export function seriesBody(d: SeriesData): Html {
  const n = d.n === null ? 'N' : String(d.n);
  const rows = d.points.map((p) => el('tr', null,
    el('td', { class: 'l' }, p.model), el('td', null, num(p.value)), el('td', null, num(p.problems)),
    cell(p.pass1, 'pass'), cell(p.top, 'pass'), cell(p.top, 'maj'),
    el('td', { class: 'l' }, p.problems === null ? el('span', { class: 'bad' }, 'no run') : !p.current ? el('span', { class: 'bad' }, 'stale') : !p.complete ? el('span', { class: 'bad' }, 'incomplete') : 'current')));
  return join([
    el('h1', null, 'passk series — ', d.entry),
    el('p', { class: 'muted' }, num(d.points.length), ' checkpoints by ', d.label, '; pass@', n, ' and maj@', n, ' at the largest k every run has.'),
    el('figure', null, seriesChartSvg(d)),
    el('table', null,
      el('tr', null, el('th', { class: 'l' }, 'model'), el('th', null, d.label), el('th', null, 'problems'), el('th', null, 'pass@1'), el('th', null, 'pass@', n), el('th', null, 'maj@', n), el('th', { class: 'l' }, 'run')),
      join(rows, '\n')),
  ], '\n');
}

export function seriesPage(d: SeriesData): HtmlPage {
  return { title: `passk series — ${d.entry}`, style: STYLE, body: seriesBody(d) };
}

export function renderSeriesHtml(d: SeriesData): string {
  return htmlDocument(seriesPage(d));
}

/** The text table `passk eval` and `passk report` print for a series. */
export function renderSeriesTable(d: SeriesData): string {
  const n = d.n === null ? 'N' : String(d.n);
  const head = ['model', d.label, 'pass@1', `pass@${n}`, `maj@${n}`, 'run'];
  const rows = d.points.map((p) => [p.model, String(p.value), pct(p.pass1?.passAtK), pct(p.top?.passAtK), pct(p.top?.majAtK), p.problems === null ? 'no run' : !p.current ? 'stale' : !p.complete ? 'incomplete' : 'current']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return terminalText(`${d.entry} — series by ${d.label}`) + '\n' + [head, ...rows].map((r) => terminalText(line(r))).join('\n') + '\n';
}
