// Inline SVG charts for the HTML report: the pass@k (and maj@k) curve over k on a log scale, and the histogram
// of per-problem success rates (how many problems each model solves never, sometimes, always). Built with the
// HTML builder of ./html like the rest of the report: no scripts, no external resources, every label escaped,
// so the report opens anywhere, including a strict-CSP webview.
import { el, fragment, num, percent, type Html } from './html';
import type { ReportData } from './report-data';

const W = 560;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 36 };

/** A coordinate with one decimal, as the charts have always been written. */
const at = (v: number): string => v.toFixed(1);

function frame(inner: Html, title: string): Html {
  return el('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': title },
    el('title', null, title), el('rect', { width: W, height: H, fill: '#fff' }), inner);
}

function yAxis(): Html {
  return fragment([0, 0.25, 0.5, 0.75, 1].map((v) => {
    const y = PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);
    return fragment(
      el('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, stroke: '#ddd' }),
      el('text', { x: PAD.left - 6, y: y + 4, 'font-size': 11, 'text-anchor': 'end' }, num(v * 100), '%'),
    );
  }));
}

export function passAtKCurveSvg(d: ReportData): Html {
  const ks = d.figures.map((f) => f.k);
  if (ks.length === 0) return frame(el('text', { x: 20, y: 40 }, 'No k values.'), 'pass@k curve');
  const last = ks[ks.length - 1]!;
  const maxLog = Math.log2(Math.max(2, last));
  const x = (k: number) => PAD.left + (ks.length === 1 ? 0.5 : Math.log2(k) / maxLog) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);
  const series = (pick: 'passAtK' | 'majAtK', color: string, label: Html, dy: number): Html => {
    const pts = d.figures.flatMap((f) => (f[pick] === null ? [] : [[x(f.k), y(f[pick]!)] as const]));
    if (!pts.length) return fragment();
    const path = pts.map(([px, py], i) => `${i ? 'L' : 'M'}${at(px)},${at(py)}`).join(' ');
    return fragment(
      el('path', { d: path, fill: 'none', stroke: color, 'stroke-width': 2 }),
      pts.map(([px, py]) => el('circle', { cx: at(px), cy: at(py), r: 3, fill: color })),
      el('text', { x: W - PAD.right - 4, y: PAD.top + dy, 'font-size': 12, 'text-anchor': 'end', fill: color }, label),
    );
  };
  const ticks = ks.map((k) => el('text', { x: at(x(k)), y: H - PAD.bottom + 16, 'font-size': 11, 'text-anchor': 'middle' }, num(k)));
  const lastPass = d.figures[d.figures.length - 1]!.passAtK;
  return frame(fragment(
    yAxis(),
    ticks,
    el('text', { x: (W / 2).toFixed(0), y: H - 4, 'font-size': 12, 'text-anchor': 'middle' }, 'k (samples per problem)'),
    series('passAtK', '#1f6feb', fragment('pass@k (pass@', num(last), ' = ', percent(lastPass), ')'), 14),
    series('majAtK', '#d4582a', fragment('maj@k'), 30),
  ), 'pass@k and maj@k over k');
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
  const max = Math.max(1, ...bins);
  const bw = (W - PAD.left - PAD.right) / bins.length;
  const bars = bins.map((b, i) => {
    const h = (b / max) * (H - PAD.top - PAD.bottom);
    const bx = PAD.left + i * bw;
    const by = H - PAD.bottom - h;
    const color = i === 0 ? '#cf222e' : i === 11 ? '#1a7f37' : '#8250df';
    return fragment(
      el('rect', { x: at(bx + 2), y: at(by), width: at(bw - 4), height: at(h), fill: color }, el('title', null, labels[i]!, ': ', num(b), ' problems')),
      el('text', { x: at(bx + bw / 2), y: at(by - 3), 'font-size': 10, 'text-anchor': 'middle' }, num(b)),
      el('text', { x: at(bx + bw / 2), y: H - PAD.bottom + 14, 'font-size': 9, 'text-anchor': 'middle' }, labels[i]!),
    );
  });
  return frame(fragment(bars, el('text', { x: (W / 2).toFixed(0), y: H - 4, 'font-size': 12, 'text-anchor': 'middle' }, 'per-problem success rate (c / n)')), 'Per-problem success histogram');
}
