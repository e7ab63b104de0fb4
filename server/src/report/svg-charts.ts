// Inline SVG charts for every passk view: curves over k on a log scale with confidence bands (one run's pass@k
// and maj@k, or several runs overlaid), and the histogram of per-problem success rates (how many problems a
// model solves never, sometimes, always). Built with the HTML builder of ./html like the rest of the views: no
// scripts, no external resources, every label escaped. Colours come from classes that ./view-style maps to the
// theme, and the charts have a viewBox but no fixed size, so they scale to the panel instead of overflowing it.
import { el, fragment, num, type Html } from './html';
import type { ReportData } from './report-data';

const W = 560;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 36 };

/** A coordinate with one decimal, as the charts have always been written. */
const at = (v: number): string => v.toFixed(1);

function frame(inner: Html, title: string): Html {
  return el('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title },
    el('title', null, title), inner);
}

const yOf = (v: number): number => PAD.top + (1 - Math.min(1, Math.max(0, v))) * (H - PAD.top - PAD.bottom);

function yAxis(): Html {
  return fragment([0, 0.25, 0.5, 0.75, 1].map((v) => fragment(
    el('line', { x1: PAD.left, x2: W - PAD.right, y1: yOf(v), y2: yOf(v), class: 'grid' }),
    el('text', { x: PAD.left - 6, y: yOf(v) + 4, 'font-size': 11, 'text-anchor': 'end' }, num(v * 100), '%'),
  )));
}

export interface CurvePoint {
  k: number;
  v: number | null;
  lo?: number | null;
  hi?: number | null;
}

export interface CurveSeries {
  label: string;
  /** Colour slot 0–5 of the view's palette. */
  color: number;
  dashed?: boolean;
  points: readonly CurvePoint[];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Tick values on a log2 axis: powers of two up to the last k, and the last k itself. */
function ticks(last: number): number[] {
  const t: number[] = [];
  for (let k = 1; k < last; k *= 2) t.push(k);
  if (t.length && last / t[t.length - 1]! < 1.3) t.pop();
  t.push(last);
  return t;
}

/** Curves over k with their bands; points with a missing value are left out, a point without bounds has no band. */
export function curveChartSvg(series: readonly CurveSeries[], title: string): Html {
  const ks = series.flatMap((s) => s.points.filter((p) => finite(p.v) && Number.isInteger(p.k) && p.k > 0).map((p) => p.k));
  if (ks.length === 0) return frame(el('text', { x: 20, y: 40 }, 'No figures to draw.'), title);
  const last = Math.max(...ks);
  const maxLog = Math.log2(Math.max(2, last));
  const x = (k: number) => PAD.left + (last === 1 ? 0.5 : Math.log2(k) / maxLog) * (W - PAD.left - PAD.right);
  const drawn = series.map((s, i) => {
    const pts = s.points.filter((p) => finite(p.v) && Number.isInteger(p.k) && p.k > 0 && p.k <= last);
    if (!pts.length) return fragment();
    const cls = `c${Math.abs(Math.trunc(s.color)) % 6}`;
    const line = pts.map((p, j) => `${j ? 'L' : 'M'}${at(x(p.k))},${at(yOf(p.v!))}`).join(' ');
    const banded = pts.filter((p) => finite(p.lo) && finite(p.hi));
    const band = banded.length > 1
      ? el('path', { class: `band ${cls}`, d: [...banded.map((p, j) => `${j ? 'L' : 'M'}${at(x(p.k))},${at(yOf(p.hi!))}`), ...[...banded].reverse().map((p) => `L${at(x(p.k))},${at(yOf(p.lo!))}`), 'Z'].join(' ') })
      : null;
    // Markers only where the points are few enough to tell apart; a whole curve is a line.
    const dots = pts.length <= 24 ? pts.map((p) => el('circle', { cx: at(x(p.k)), cy: at(yOf(p.v!)), r: 2.5, class: cls }, el('title', null, s.label, ' at k=', num(p.k), ': ', num(Math.round(p.v! * 1000) / 10), '%'))) : null;
    return fragment(band, el('path', { class: `line ${cls}${s.dashed ? ' dash' : ''}`, d: line }, el('title', null, s.label)), dots,
      // Legends sit at the bottom right: curves over k rise towards the top right, where they would cover them.
      el('text', { x: W - PAD.right - 4, y: H - PAD.bottom - 8 - 16 * (series.length - 1 - i), 'font-size': 12, 'text-anchor': 'end', class: cls }, s.dashed ? '– – ' : '—— ', s.label));
  });
  const tickMarks = ticks(last).map((k) => el('text', { x: at(x(k)), y: H - PAD.bottom + 16, 'font-size': 11, 'text-anchor': 'middle' }, num(k)));
  return frame(fragment(
    yAxis(),
    tickMarks,
    el('text', { x: (W / 2).toFixed(0), y: H - 4, 'font-size': 12, 'text-anchor': 'middle' }, 'k (samples per problem, log scale)'),
    drawn,
  ), title);
}

/** A run's pass@k and maj@k: its whole curve when the report has one, else the recipe's k values. */
export function passAtKCurveSvg(d: ReportData): Html {
  const pts = d.curve.length ? d.curve : d.figures;
  return curveChartSvg([
    { label: 'pass@k', color: 0, points: pts.map((f) => ({ k: f.k, v: f.passAtK, lo: f.passCi?.lo ?? null, hi: f.passCi?.hi ?? null })) },
    { label: 'maj@k', color: 1, points: pts.map((f) => ({ k: f.k, v: f.majAtK, lo: f.majCi?.lo ?? null, hi: f.majCi?.hi ?? null })) },
  ], 'pass@k and maj@k over k');
}

/** Problems by success rate c/n in ten bins, with "never solved" and "always solved" apart. */
export function successHistogramSvg(d: ReportData): Html {
  const labels = ['never', '<10%', '10–20%', '20–30%', '30–40%', '40–50%', '50–60%', '60–70%', '70–80%', '80–90%', '≥90%', 'always'];
  const bins = new Array<number>(labels.length).fill(0);
  for (const p of d.perProblem) {
    if (p.n === null || p.correct === null || p.n <= 0 || p.correct < 0 || p.correct > p.n) continue;
    const r = p.correct / p.n;
    bins[p.correct === 0 ? 0 : p.correct === p.n ? 11 : Math.min(10, 1 + Math.floor(r * 10))]!++;
  }
  return barChartSvg(labels.map((label, i) => ({ label, count: bins[i]!, cls: i === 0 ? 'bar-never' : i === 11 ? 'bar-always' : 'bar' })),
    'per-problem success rate (c / n)', 'Per-problem success histogram');
}

export interface Bar {
  label: string;
  count: number;
  cls: 'bar' | 'bar-never' | 'bar-always';
}

/** Counts as bars with their labels under them (labels are escaped text, cut to stay inside their bar). */
export function barChartSvg(bars: readonly Bar[], xLabel: string, title: string): Html {
  const max = Math.max(1, ...bars.map((b) => b.count));
  const bw = (W - PAD.left - PAD.right) / Math.max(1, bars.length);
  const cut = (s: string) => (s.length > Math.max(3, Math.floor(bw / 6)) ? `${s.slice(0, Math.max(2, Math.floor(bw / 6) - 1))}…` : s);
  const drawn = bars.map((b, i) => {
    const h = (b.count / max) * (H - PAD.top - PAD.bottom);
    const bx = PAD.left + i * bw;
    const by = H - PAD.bottom - h;
    return fragment(
      el('rect', { x: at(bx + 2), y: at(by), width: at(Math.max(1, bw - 4)), height: at(h), class: b.cls }, el('title', null, b.label, ': ', num(b.count))),
      el('text', { x: at(bx + bw / 2), y: at(by - 3), 'font-size': 10, 'text-anchor': 'middle' }, num(b.count)),
      el('text', { x: at(bx + bw / 2), y: H - PAD.bottom + 14, 'font-size': 9, 'text-anchor': 'middle' }, cut(b.label)),
    );
  });
  return frame(fragment(drawn, el('text', { x: (W / 2).toFixed(0), y: H - 4, 'font-size': 12, 'text-anchor': 'middle' }, xLabel)), title);
}
