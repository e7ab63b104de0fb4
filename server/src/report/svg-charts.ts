// Inline SVG charts for the HTML report: the pass@k (and maj@k) curve over k on a log scale, and the histogram
// of per-problem success rates (how many problems each model solves never, sometimes, always). Plain strings,
// no scripts and no external resources, so the report opens anywhere, including a strict-CSP webview.
import type { RunSummary } from '../runs/run-summary';
import { escapeXml, pct, summaryKs } from './format';

const W = 560;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 36 };

function frame(inner: string, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title><rect width="${W}" height="${H}" fill="#fff"/>${inner}</svg>`;
}

function yAxis(): string {
  let out = '';
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    const y = PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);
    out += `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${PAD.left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${v * 100}%</text>`;
  }
  return out;
}

export function passAtKCurveSvg(s: RunSummary): string {
  const ks = summaryKs(s);
  if (ks.length === 0) return frame('<text x="20" y="40">No k values.</text>', 'pass@k curve');
  const maxLog = Math.log2(Math.max(2, ks[ks.length - 1]!));
  const x = (k: number) => PAD.left + (ks.length === 1 ? 0.5 : Math.log2(k) / maxLog) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);
  const series = (values: Record<string, number | null>, color: string, label: string, dy: number): string => {
    const pts = ks.filter((k) => values[String(k)] !== null && values[String(k)] !== undefined).map((k) => [x(k), y(values[String(k)]!)] as const);
    if (!pts.length) return '';
    const path = pts.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
    const dots = pts.map(([px, py]) => `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${color}"/>`).join('');
    return `<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>${dots}<text x="${W - PAD.right - 4}" y="${PAD.top + dy}" font-size="12" text-anchor="end" fill="${color}">${label}</text>`;
  };
  const ticks = ks.map((k) => `<text x="${x(k).toFixed(1)}" y="${H - PAD.bottom + 16}" font-size="11" text-anchor="middle">${k}</text>`).join('');
  const body = yAxis() + ticks + `<text x="${(W / 2).toFixed(0)}" y="${H - 4}" font-size="12" text-anchor="middle">k (samples per problem)</text>` +
    series(s.passAtK, '#1f6feb', `pass@k (pass@${ks[ks.length - 1]} = ${pct(s.passAtK[String(ks[ks.length - 1])])})`, 14) +
    series(s.majAtK, '#d4582a', 'maj@k', 30);
  return frame(body, 'pass@k and maj@k over k');
}

/** Problems by success rate c/n in ten bins, with "never solved" and "always solved" apart. */
export function successHistogramSvg(s: RunSummary): string {
  const labels = ['never', '<10%', '10–20%', '20–30%', '30–40%', '40–50%', '50–60%', '60–70%', '70–80%', '80–90%', '≥90%', 'always'];
  const bins = new Array<number>(labels.length).fill(0);
  for (const p of s.perProblem) {
    if (p.n === 0) continue;
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
    return `<rect x="${(bx + 2).toFixed(1)}" y="${by.toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${labels[i]}: ${b} problems</title></rect>` +
      `<text x="${(bx + bw / 2).toFixed(1)}" y="${(by - 3).toFixed(1)}" font-size="10" text-anchor="middle">${b}</text>` +
      `<text x="${(bx + bw / 2).toFixed(1)}" y="${H - PAD.bottom + 14}" font-size="9" text-anchor="middle">${labels[i]}</text>`;
  });
  return frame(bars.join('') + `<text x="${(W / 2).toFixed(0)}" y="${H - 4}" font-size="12" text-anchor="middle">per-problem success rate (c / n)</text>`, 'Per-problem success histogram');
}
