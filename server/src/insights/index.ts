// Run results inside the editor (docs/architecture.md): CodeLens titles, dataset-line hints and diagnostics, answer
// histograms for hovers and `expect` warnings, all computed from a run summary and the recipe. The LSP layer
// (server/src/lsp/handlers/run-*.ts) only converts these to LSP shapes.
export { groupsHoverMarkdown } from './groups-hover';
export { percent, fraction, ago, halfWidthPoints, largestK } from './figure-format';
export type { EvalRunView, SynthRunView } from './run-views';
export { entryLenses, evalSummaryTitle, evalSummaryTooltip, seriesSummaryTitle, synthSummaryTitle, type EntryLens, type EntryLensInput } from './entry-lenses';
export { datasetInsights, lineLabel, type BaselineOptions, type DatasetInsights, type InsightOptions, type LineFlag, type LineHint } from './dataset-insights';
export { baselinePassAt1, deltaText, passAt1 } from './baseline-deltas';
export { DEFAULT_FINDING_LEVELS, readFindingLevels, type FindingLevel, type FindingLevels } from './finding-levels';
export { expectProblems } from './expect-problems';
export { answerHoverMarkdown, pickExcerpts, excerptOf, ExcerptPicker, type SampleExcerpt } from './answer-hover';
export { RunSampleIndex } from './run-sample-index';
export { RunViewCache } from './run-view-cache';
export { loadEvalRunView, loadSynthRunView, loadExcerpts, type DatasetRunMode, type LoadViewOptions } from './load-run-view';
export { reportFragment, type ReportFragment } from './report-fragment';
export { livePreviewView } from './live-preview-view';
