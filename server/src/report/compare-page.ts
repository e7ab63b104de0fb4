// The comparison view of several runs (`passk compare --html`, the editor's "passk: Compare Runs…"): overlaid
// pass@k and maj@k curves with bands, the paired differences against the first run, and the problems that
// regressed or improved. Labels and problem ids come from the command line and from run files, so all of it is
// written with the escaping builder of ./html, like the single-run report.
import { NORMAL_FROM_PROBLEMS, type ComparisonView } from '../stats';
import { el, fragment, join, num, percent, type Html, type HtmlPage } from './html';
import { curveChartSvg, type CurveSeries } from './svg-charts';
import { VIEW_SCRIPT } from './view-script';
import { VIEW_STYLE } from './view-style';

const ks = (v: ComparisonView): number[] => Object.keys(v.passAtK).map(Number).filter(Number.isFinite).sort((a, b) => a - b);

/** 1, the powers of two and the last k: the rows of the tables (the charts draw every k). */
function shownKs(v: ComparisonView): number[] {
  const all = ks(v);
  const last = all[all.length - 1];
  return all.filter((k) => k === last || (k & (k - 1)) === 0);
}

function signed(v: number | null): Html {
  return v === null ? fragment('—') : fragment(v >= 0 ? '+' : '', percent(v, 1));
}

function series(v: ComparisonView, metric: 'passAtK' | 'majAtK', dashed: boolean): CurveSeries[] {
  return v.runs.map((r, i) => ({
    label: `${r.label} ${metric === 'passAtK' ? 'pass' : 'maj'}@k`,
    color: i,
    dashed,
    points: ks(v).map((k) => {
      const band = v.ci[metric][String(k)]?.[i] ?? null;
      return { k, v: v[metric][String(k)]?.[i] ?? null, lo: band?.lo ?? null, hi: band?.hi ?? null };
    }),
  }));
}

/** The page body, shared by the standalone file and the webview. */
export function compareBody(v: ComparisonView): Html {
  const shown = shownKs(v);
  const runs = el('table', null, el('thead', null, el('tr', null, el('th', null, '#'), el('th', { class: 'l' }, 'run'), el('th', null, 'problems'), el('th', null, 'samples'))),
    el('tbody', null, v.runs.map((r, i) => el('tr', null, el('td', null, i === 0 ? 'baseline' : num(i)), el('td', { class: 'l' }, r.label), el('td', null, num(r.problems)), el('td', null, num(r.samples))))));
  const figures = el('table', null,
    el('thead', null, el('tr', null, el('th', null, 'k'), v.runs.map((r) => el('th', null, 'pass@k ', el('small', null, r.label))), v.runs.map((r) => el('th', null, 'maj@k ', el('small', null, r.label))))),
    el('tbody', null, shown.map((k) => el('tr', null, el('td', null, num(k)),
      (['passAtK', 'majAtK'] as const).map((m) => v.runs.map((_, i) => {
        const band = v.ci[m][String(k)]?.[i] ?? null;
        return el('td', null, percent(v[m][String(k)]?.[i] ?? null), band ? el('small', { class: 'muted' }, ' [', percent(band.lo), ', ', percent(band.hi), ']') : null);
      }))))));
  const pairs = v.pairs.filter((p) => shown.includes(p.k));
  const pairTable = el('table', { id: 'pairs', class: 'sortable' },
    el('thead', null, el('tr', null, ['run', 'figure', 'difference', '95% interval', 'p'].map((h, i) => el('th', i < 2 ? { class: 'l' } : null, h)))),
    el('tbody', null, pairs.map((p) => {
      const sure = p.ci !== null && (p.ci[0] > 0 || p.ci[1] < 0);
      const cls = !sure || p.diff === null ? '' : p.diff > 0 ? 'ok' : 'bad';
      return el('tr', null, el('td', { class: 'l' }, p.b), el('td', { class: 'l' }, p.metric, '@', num(p.k)),
        el('td', { class: cls, 'data-v': p.diff ?? '' }, signed(p.diff)),
        el('td', null, p.ci ? fragment('[', signed(p.ci[0]), ', ', signed(p.ci[1]), ']') : '—'),
        el('td', { 'data-v': p.p ?? '' }, p.p === null ? '—' : num(p.p, 4)));
    })));
  const last = v.runs.length - 1;
  const change = (p: { passAt1: (number | null)[] }): number | null => (p.passAt1[0] === null || p.passAt1[last] === null ? null : p.passAt1[last]! - p.passAt1[0]!);
  const rows = [...v.perProblem].sort((a, b) => (change(a) ?? 0) - (change(b) ?? 0));
  const regressed = rows.filter((p) => (change(p) ?? 0) < 0).length;
  const improved = rows.filter((p) => (change(p) ?? 0) > 0).length;
  const perProblem = el('table', { id: 'problems', class: 'sortable' },
    el('thead', null, el('tr', null, el('th', { class: 'l' }, 'problem'), v.runs.map((r) => el('th', null, 'pass@1 ', el('small', null, r.label))), el('th', null, 'change'), el('th', { class: 'l' }, 'status'))),
    el('tbody', null, rows.map((p) => {
      const c = change(p);
      return el('tr', null, el('td', { class: 'l pid', 'data-v': p.problem }, p.problem), p.passAt1.map((x) => el('td', { 'data-v': x ?? '' }, percent(x))),
        el('td', { class: c === null || c === 0 ? '' : c > 0 ? 'ok' : 'bad', 'data-v': c ?? '' }, c !== null && c < 0 ? '▼ ' : c !== null && c > 0 ? '▲ ' : '', signed(c)),
        el('td', { class: 'l' }, c === null ? '' : c < 0 ? 'regressed' : c > 0 ? 'improved' : 'unchanged'));
    })));
  return join([
    el('h1', null, 'passk comparison'),
    el('div', { class: 'scroll' }, runs),
    el('p', null, num(v.common), ' problems have samples in every run; every figure and every pair below is over those only. ',
      v.common >= NORMAL_FROM_PROBLEMS
        ? 'The first run is the baseline: differences are run − baseline, with a paired normal interval and test on the mean difference over problems.'
        : 'The first run is the baseline: differences are run − baseline, with a paired bootstrap interval over problems and a sign-flip permutation p-value.'),
    el('div', { class: 'charts' },
      el('figure', null, curveChartSvg(series(v, 'passAtK', false), 'pass@k of each run'), el('figcaption', null, 'pass@k at every k, shaded: 95% interval.')),
      el('figure', null, curveChartSvg(series(v, 'majAtK', true), 'maj@k of each run'), el('figcaption', null, 'maj@k at every k, shaded: 95% interval.'))),
    el('h2', null, 'Figures'),
    el('div', { class: 'scroll' }, figures),
    el('h2', null, 'Paired differences against the baseline'),
    el('div', { class: 'scroll' }, pairTable),
    el('h2', null, 'Problems: ', num(regressed), ' regressed, ', num(improved), ' improved (pass@1, last run against the baseline)'),
    el('input', { class: 'search', type: 'search', placeholder: 'Search problems or status (regressed, improved, unchanged)…', 'aria-label': 'Search problems', 'aria-controls': 'problems', hidden: true }),
    el('div', { class: 'scroll' }, perProblem),
  ], '\n');
}

export function comparePage(v: ComparisonView): HtmlPage {
  return { title: `passk comparison — ${v.runs.map((r) => r.label).join(' vs ')}`, style: VIEW_STYLE, body: compareBody(v), script: VIEW_SCRIPT };
}
