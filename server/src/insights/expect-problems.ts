// `expect` thresholds of an evaluation checked against its latest run: a warning on the entry's key for each
// threshold the run does not meet. The thresholds come from the recipe as written now (not the run's copy),
// so editing a threshold updates the warning at once.
import type { Problem } from '../problems/problem';
import type { EvalDef } from '../recipe/model';
import { percent } from './figure-format';
import type { EvalRunView } from './run-views';

export function expectProblems(def: EvalDef, view: EvalRunView): Problem[] {
  // A run in progress (or one interrupted before its summary) has partial figures; judging them would make the
  // warning flicker while samples arrive, so the verdict waits for the run's own summary.
  if (view.live) return [];
  const s = view.summary;
  const out: Problem[] = [];
  for (const [metric, threshold] of Object.entries(def.expect)) {
    const m = /^(pass|maj)@(\d+)$/.exec(metric);
    if (!m) continue; // the recipe validator reports a malformed metric name at its position
    const actual = (m[1] === 'pass' ? s.passAtK : s.majAtK)[m[2]!] ?? null;
    if (actual !== null && actual >= threshold) continue;
    const stale = view.current ? '' : ' (that run was made before the recipe changed)';
    const figure = actual === null ? `has no ${metric} (too few samples per problem)` : `reached ${metric} ${percent(actual)}`;
    out.push({
      code: 'run/below-expectation',
      severity: 'warning',
      message: `The latest run of "${def.name}" ${figure}, below the expected ${percent(threshold)}${stale}.`,
      span: def.nameSpan,
      data: { metric, threshold, actual },
    });
  }
  return out;
}
