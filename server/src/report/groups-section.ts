// The report's breakdowns: one table per `groupBy` field with each value's problem count and pass@k / maj@k
// with intervals at the run's k values (docs/reports.md). Kept apart from the page layout so any renderer of the
// report data can place it.
import { el, fragment, join, num, percent, type Html } from './html';
import type { ReportData, ReportGroup } from './report-data';
import type { Interval } from '../stats';

function interval(i: Interval | null): Html {
  return i ? fragment('[', percent(i.lo), ', ', percent(i.hi), ']') : fragment();
}

function groupTable(g: ReportGroup): Html {
  const ks = [...new Set(g.rows.flatMap((r) => r.figures.map((f) => f.k)))].sort((a, b) => a - b);
  const header = el('tr', null, el('th', { class: 'l' }, g.field), el('th', null, 'problems'),
    ks.map((k) => fragment(el('th', null, 'pass@', num(k)), el('th', null, 'maj@', num(k)))));
  const rows = g.rows.map((r) => el('tr', null, el('td', { class: 'l' }, r.value), el('td', null, num(r.problems)),
    ks.map((k) => {
      const f = r.figures.find((x) => x.k === k);
      return fragment(
        el('td', null, percent(f?.passAtK ?? null, 1), ' ', el('span', { class: 'muted' }, interval(f?.passCi ?? null))),
        el('td', null, percent(f?.majAtK ?? null, 1), ' ', el('span', { class: 'muted' }, interval(f?.majCi ?? null))));
    })));
  return fragment(el('h3', null, 'By ', g.field), el('table', { class: 'groups' }, header, join(rows, '\n')));
}

/** Nothing for a run without `groupBy`. */
export function groupsSection(d: Pick<ReportData, 'groups'>): Html | null {
  if (!d.groups.length) return null;
  return el('section', { id: 'groups' }, el('h2', null, 'Breakdowns'), join(d.groups.map(groupTable), '\n'));
}
