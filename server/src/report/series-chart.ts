// The series figure: pass@1, pass@N and maj@N of each checkpoint against its value (e.g. SFT data size) on a log
// scale, so the gap between pass@N and pass@1 can be seen closing (or not) as the value grows. Inline SVG made
// with ./html: axes and labels are drawn in `currentColor`, with no background of its own, so the chart follows
// the page's light or dark theme; the viewBox lets it shrink with its container.
import { el, fragment, num, percent, type Html } from './html';
import type { SeriesData } from './series-data';

const W = 640;
const H = 300;
const PAD = { left: 52, right: 130, top: 16, bottom: 44 };
const at = (v: number): string => v.toFixed(1);

/** Ticks at the powers of ten within [lo, hi], or at the values themselves when the range spans less than one. */
function logTicks(lo: number, hi: number, values: readonly number[]): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    const t = 10 ** e;
    if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(t);
  }
  return ticks.length >= 2 ? ticks : [...new Set(values)];
}

const LINES = [
  { key: 'pass1', color: '#3b82f6', label: (n: number | null) => 'pass@1' },
  { key: 'passN', color: '#16a34a', label: (n: number | null) => `pass@${n}` },
  { key: 'majN', color: '#ea580c', label: (n: number | null) => `maj@${n}` },
] as const;

export function seriesChartSvg(d: SeriesData): Html {
  const title = `pass@1, pass@${d.n ?? 'N'} and maj@${d.n ?? 'N'} against ${d.label}`;
  const svg = (inner: Html) => el('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': title, class: 'series-chart' }, el('title', null, title), inner);
  const pts = d.points.filter((p) => p.pass1 || p.top);
  if (!pts.length) return svg(el('text', { x: 20, y: 40, fill: 'currentColor' }, 'No checkpoint has a run yet.'));
  const values = pts.map((p) => p.value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = Math.log10(hi) - Math.log10(lo);
  const x = (v: number) => PAD.left + (span === 0 ? 0.5 : (Math.log10(v) - Math.log10(lo)) / span) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((v) => fragment(
    el('line', { x1: PAD.left, x2: W - PAD.right, y1: at(y(v)), y2: at(y(v)), stroke: 'currentColor', 'stroke-width': 0.2 }),
    el('text', { x: PAD.left - 6, y: at(y(v) + 4), 'font-size': 11, 'text-anchor': 'end', fill: 'currentColor' }, num(v * 100), '%')));
  const ticks = logTicks(lo, hi, values).map((t) => el('text', { x: at(x(t)), y: H - PAD.bottom + 16, 'font-size': 11, 'text-anchor': 'middle', fill: 'currentColor' }, num(t)));
  const pick = (p: (typeof pts)[number], key: (typeof LINES)[number]['key']): number | null =>
    key === 'pass1' ? (p.pass1?.passAtK ?? null) : key === 'passN' ? (p.top?.passAtK ?? null) : (p.top?.majAtK ?? null);
  // The end labels sit beside each line's last point, pushed apart where lines end close together.
  const ends = LINES.map((line) => {
    const last = [...pts].reverse().find((p) => pick(p, line.key) !== null);
    return last ? y(pick(last, line.key)!) + 4 : null;
  });
  const order = ends.map((e, i) => ({ e, i })).filter((x) => x.e !== null).sort((a, b) => a.e! - b.e!);
  const labelY: number[] = [];
  for (const [j, o] of order.entries()) labelY[o.i] = j === 0 ? o.e! : Math.max(o.e!, labelY[order[j - 1]!.i]! + 14);
  const lines = LINES.map((line, i) => {
    const xy = pts.flatMap((p) => {
      const v = pick(p, line.key);
      return v === null ? [] : [{ px: x(p.value), py: y(v), p, v }];
    });
    if (!xy.length) return fragment();
    const path = xy.map(({ px, py }, j) => `${j ? 'L' : 'M'}${at(px)},${at(py)}`).join(' ');
    const last = xy[xy.length - 1]!;
    return fragment(
      el('path', { d: path, fill: 'none', stroke: line.color, 'stroke-width': 2 }),
      xy.map(({ px, py, p, v }) => el('circle', { cx: at(px), cy: at(py), r: 3.5, fill: line.color }, el('title', null, p.model, ' (', num(p.value), '): ', line.label(d.n), ' ', percent(v)))),
      el('text', { x: W - PAD.right + 8, y: at(labelY[i] ?? last.py + 4), 'font-size': 12, fill: line.color }, line.label(d.n), ' ', percent(last.v)),
    );
  });
  return svg(fragment(
    grid, ticks,
    el('line', { x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom, stroke: 'currentColor', 'stroke-width': 0.6 }),
    el('text', { x: at((PAD.left + W - PAD.right) / 2), y: H - 6, 'font-size': 12, 'text-anchor': 'middle', fill: 'currentColor' }, d.label, ' (log scale)'),
    lines,
  ));
}
