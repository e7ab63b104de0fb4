// Public surface of the statistics core: pass@k, exact maj@k, intervals, paired comparison, instability and the
// dataset summary. Callers (runs, CLI, LSP) import from here only.
export { passAtK, datasetPassAtK, datasetPassAtKDetail, mean, type SampleCount } from './passAtK';
export { majAtK } from './majAtK';
export { bootstrapCI, normalCI, normalQuantile, type Interval, type BootstrapOptions } from './bootstrapCI';
export { pairedComparison, type PairedResult } from './pairedComparison';
export { instability, type InstabilityInput, type InstabilityResult } from './instability';
export { summarize, summarizeCooperatively, problemRow, intervalMethod, NORMAL_FROM_PROBLEMS, type IntervalMethod, type ProblemCounts, type ProblemSummary, type Summary, type SummarizeOptions } from './summarize';
export { seededRng, type Rng } from './seededRng';
export { curveKs, FULL_CURVE_UP_TO, powerOfTwoKs } from './curveKs';
export { compareRuns, comparisonJson, type Comparison, type ComparisonView, type ComparePair, type CompareProblem, type CompareRun, type CompareInput } from './compareRuns';
