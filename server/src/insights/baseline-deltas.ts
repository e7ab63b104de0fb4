// The change of each problem's pass@1 against a baseline run the user picked ("passk: Compare with…"). Problems
// are matched by id, never by line, because the baseline may have been run on an older copy of the dataset.
import type { RunProblemSummary, RunSummary } from '../runs/run-summary';
import { fraction } from './figure-format';

/** pass@1 of a problem row: its pass@1 figure, else its share of correct samples; undefined without samples. */
export function passAt1(p: RunProblemSummary): number | undefined {
  if (p.n === 0) return undefined;
  return p.passAtK['1'] ?? p.correct / p.n;
}

const indexes = new WeakMap<RunSummary, Map<string, number>>();

/** pass@1 per problem id of `baseline`, built once per summary object (the editor asks on every scroll). */
export function baselinePassAt1(baseline: RunSummary): Map<string, number> {
  let m = indexes.get(baseline);
  if (!m) {
    m = new Map();
    for (const p of baseline.perProblem) {
      const v = passAt1(p);
      if (v !== undefined) m.set(p.problem, v);
    }
    indexes.set(baseline, m);
  }
  return m;
}

/** `▼0.25`, `▲0.10` or `=` for the change from `before` to `now`; two decimals like the figures beside it. */
export function deltaText(now: number, before: number): string {
  const d = now - before;
  if (Math.abs(d) < 0.005) return '=';
  return `${d < 0 ? '▼' : '▲'}${fraction(Math.abs(d))}`;
}
