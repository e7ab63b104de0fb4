// What the series chart and table show of an evaluation's checkpoints, read from their summaries with the same
// guards as the single-run report (./report-data): pass@1, pass@N and maj@N of each checkpoint against its value,
// where N is the largest k every checkpoint's summary has.
import type { SeriesRuns } from '../eval/series-runs';
import { reportData, type ReportFigure } from './report-data';

export interface SeriesPointData {
  model: string;
  value: number;
  problems: number | null;
  complete: boolean;
  current: boolean;
  pass1: ReportFigure | null;
  top: ReportFigure | null;
}

export interface SeriesData {
  entry: string;
  label: string;
  /** The N of pass@N and maj@N; null when no checkpoint has a run. */
  n: number | null;
  points: SeriesPointData[];
}

export function seriesData(s: SeriesRuns): SeriesData {
  const runs = s.points.map((p) => ({ p, d: p.summary ? reportData(p.summary) : undefined }));
  const ks = runs.filter((r) => r.d).map((r) => new Set(r.d!.figures.map((f) => f.k)));
  const common = ks.length ? [...ks[0]!].filter((k) => ks.every((set) => set.has(k))) : [];
  const n = common.length ? Math.max(...common) : null;
  const points = runs
    .filter(({ p }) => Number.isFinite(p.value) && p.value > 0)
    .map(({ p, d }) => ({
      model: p.model, value: p.value, problems: d?.problems ?? null, complete: d?.complete ?? false, current: p.current,
      pass1: d?.figures.find((f) => f.k === 1) ?? null,
      top: n === null ? null : (d?.figures.find((f) => f.k === n) ?? null),
    }))
    .sort((a, b) => a.value - b.value);
  return { entry: s.entry, label: s.label, n, points };
}
