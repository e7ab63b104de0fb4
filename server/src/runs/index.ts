// Run folders (docs/runs.md): sample and verdict identities, append-only samples with lock and resume, manifest,
// discovery, and the file-system boundary (no links, atomic writes, validated reads) every reader and writer
// goes through.
export { runFolderName, canonicalJson, sha256Hex } from './fingerprint';
export { endpointIdentity, entrySampleIdentity, requestIdentity, urlOrigin } from './sample-identity';
export { verdictIdentity } from './verdict-identity';
export { RequestMap } from './request-map';
export { parseSampleRecord, parseSampleVerdict, sampleRecordOrError, sampleKey, type SampleRecord, type SampleVerdict } from './sample-record';
export { openRunWriter, type RunWriter, type OpenRunOptions } from './run-writer';
export { readManifest, loadManifest, MANIFEST, SAMPLES, SUMMARY, LOCK, type RunManifest } from './run-manifest';
export { newTally, addToTally, missingIndices, type ProblemTally } from './problem-tally';
export { readLines } from './jsonl-lines';
export { AppendLog, readLog, type LineParser } from './append-log';
export { acquireRunLock, type RunLock, type RunLockOptions, type LockInfo } from './run-lock';
export { findRuns, scanRuns, loadRun, latestRun, type RunInfo, type LoadedRun } from './find-runs';
export { writeRunSummary, loadRunSummary, type SummaryMemo } from './summary-file';
export { parseRunFile, invalidRunFile, FORMAT_VERSION, EVAL_FORMAT_VERSION, type RunFileKind } from './run-file-schema';
export * from './safe-fs';
export type { RunSummary, RunProblemSummary, AnswerCount, ExpectCheck } from './run-summary';
