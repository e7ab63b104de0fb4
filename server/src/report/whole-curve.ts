// A run's pass@k and maj@k at every k from 1 to its sample count (thinned past FULL_CURVE_UP_TO, see
// stats/curveKs), with the same intervals as its summary: the statistics core's one code path, asked for more k.
import { curveKs, summarize, type ProblemCounts } from '../stats';
import type { ReportFigure } from './report-data';

export function wholeCurve(counts: readonly ProblemCounts[], opts: { seed?: number } = {}): ReportFigure[] {
  const n = counts.reduce((m, c) => Math.max(m, c.n), 0);
  const ks = curveKs(n);
  if (!ks.length) return [];
  const s = summarize(counts, ks, { seed: opts.seed ?? 1 });
  return ks.map((k) => {
    const key = String(k);
    return { k, passAtK: s.passAtK[key] ?? null, passCi: s.ci.passAtK[key] ?? null, majAtK: s.majAtK[key] ?? null, majCi: s.ci.majAtK[key] ?? null };
  });
}
