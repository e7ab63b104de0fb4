// Run folders (DESIGN §3): fingerprint, append-only samples with lock and resume, manifest, discovery.
export { runFolderName, canonicalJson, sha256Hex } from './fingerprint';
export { endpointIdentity, entrySampleIdentity, requestIdentity, urlOrigin } from './sample-identity';
export { verdictIdentity } from './verdict-identity';
export { RequestMap } from './request-map';
export { parseSampleRecord, parseSampleVerdict, sampleKey, type SampleRecord, type SampleVerdict } from './sample-record';
export { openRunWriter, type RunWriter, type OpenRunOptions } from './run-writer';
export { readManifest, MANIFEST, SAMPLES, SUMMARY, LOCK, type RunManifest } from './run-manifest';
export { newTally, addToTally, missingIndices, type ProblemTally } from './problem-tally';
export { readLines } from './jsonl-lines';
export { acquireRunLock, type RunLock } from './run-lock';
export { findRuns, loadRun, latestRun, type RunInfo, type LoadedRun } from './find-runs';
export type { RunSummary, RunProblemSummary, AnswerCount, ExpectCheck } from './run-summary';
