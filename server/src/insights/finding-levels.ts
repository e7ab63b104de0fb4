// How loudly each kind of per-problem finding on a dataset line is reported. A full GSM8K or MATH run has
// hundreds of unstable problems; as warnings they would cover every line and bury the findings that need
// action, so only actionable kinds are diagnostics by default (docs/recipe-format.md, the run codes and their settings).
import type { Severity } from '../problems/problem';

/** A diagnostic severity, or `off` for no diagnostic at all. */
export type FindingLevel = Severity | 'off';

export interface FindingLevels {
  /** The gold answer could not be extracted, so no sample of the problem could be graded. */
  goldNotExtractable: FindingLevel;
  /** Every sample was wrong. */
  neverSolved: FindingLevel;
  /** Solved at least once, but in fewer than half of the samples. */
  unstable: FindingLevel;
  /** pass@1 fell below the chosen baseline run's by at least the regression threshold. */
  regressed: FindingLevel;
  /** The one line at the top of the file that counts each kind. */
  summary: FindingLevel;
}

/** Hints (faint dots, outside the Problems panel) for the common, non-actionable kind; warnings for the rest. */
export const DEFAULT_FINDING_LEVELS: Readonly<FindingLevels> = {
  goldNotExtractable: 'error',
  neverSolved: 'warning',
  unstable: 'hint',
  regressed: 'warning',
  summary: 'information',
};

const LEVELS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

/** The levels in `options` (an untrusted settings object); anything absent or unknown keeps its default. */
export function readFindingLevels(options: unknown): FindingLevels {
  const o = (typeof options === 'object' && options !== null ? options : {}) as Record<string, unknown>;
  const out = { ...DEFAULT_FINDING_LEVELS };
  for (const key of Object.keys(out) as (keyof FindingLevels)[]) {
    const v = o[key];
    if (typeof v === 'string' && LEVELS.includes(v)) out[key] = v as FindingLevel;
  }
  return out;
}
