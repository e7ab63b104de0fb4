// The evaluation engine: plan, sample (direct or Batch API), grade, store, summarise; plus run lookup for the
// editor. The LSP and the CLI call only what is exported here.
export { runEvaluation, type RunEvaluationOptions, type EvalProgress } from './run-evaluation';
export { latestRunFor, runIsCurrent, type LatestRun } from './latest-run';
export { planEvaluation, resolveEntry, runsRoot, type EvalPlan, type PlannedProblem } from './eval-plan';
export { summarizeRun, type ProblemInfo } from './summarize-run';
export { summarizeStoredRun, tallyStoredRun, type StoredTallies } from './summarize-stored-run';
export { makeGrader, goldAnswer, type Grade, type Verdict } from './grader';
export { findRuns, loadRun, type RunInfo, type LoadedRun, type RunSummary } from '../runs';
export { runCounts } from './run-counts';
export { problemSamples, datasetQuestions, type ProblemSamplesOptions, type QuestionAndGold } from './problem-samples';
export { mergeShards, type MergeOptions, type MergeResult } from './merge-shards';
