// The on-disk schemas of every file passk reads back from a run folder, in one place (docs/runs.md lists them).
// A run folder may have been written by a stranger, so nothing read from it is used before it passed these
// checks: an invalid file or line becomes a problem naming the file (and line) and is never rendered or counted.
// Each whole file carries `kind` and `version`; the records of an append log (samples.jsonl, candidates.jsonl)
// take their version from their folder's run.json, so the hot path of reading a million samples pays nothing
// for it. Version 1 is the shape passk wrote before versions were checked; summaries written then carry no
// `kind`/`version` and are read as version 1. Evaluation folders are at version 2 since their samples carry
// request and verdict identities (`req`, `vid`) and run.json records the sample identity; version-1 folders are
// still read (eval/legacy-runs.ts decides whether their samples can be reused). Extra fields are allowed
// everywhere (newer writers may add some).
import type { Problem } from '../problems/problem';
import type { CandidateRecord } from '../synthesis/candidate-journal';
import type { SynthManifest } from '../synthesis/synth-manifest';
import type { SynthSummary } from '../synthesis/run-synthesis';
import type { RunManifest } from './run-manifest';
import type { RunSummary } from './run-summary';
import type { SampleRecord } from './sample-record';
import { fsErrorMessage, readFileIfPresent, UnsafePathError } from './safe-fs';
import { bool, count, fail, isObject, isoTime, list, literal, nullable, num, pattern, ratio, reason, record, shape, str, type Check } from './schema-check';

/** The format version of the synthesis files this passk writes (and the newest it reads). */
export const FORMAT_VERSION = 1;
/** The format version of the evaluation files this passk writes (and the newest it reads). */
export const EVAL_FORMAT_VERSION = 2;

const fingerprint = pattern(/^[0-9a-f]{1,128}$/, 'a hex fingerprint');
const sha256 = pattern(/^[0-9a-f]{64}$/, 'a hex SHA-256');
const kKey = /^[1-9]\d*$/;
const tokens = shape({ prompt: count, completion: count });
const version = literal(FORMAT_VERSION);
const evalVersion = literal(1, EVAL_FORMAT_VERSION);

const params = shape({ temperature: num, topP: num, maxTokens: count, 'seed?': num, 'stop?': list(str) });
const grader = shape({ extract: str, compare: literal('math', 'numeric', 'exact') });
const manifestConfig = {
  recipe: str,
  'sampleIdentity?': str,
  'figures?': str,
  model: shape({ name: str, model: str, api: literal('chat', 'completions'), 'endpoint?': str, baseUrls: list(str), 'price?': shape({ inputPerMTok: num, outputPerMTok: num }), 'batch?': bool }),
  dataset: shape({ name: str, path: str, sha256: str, 'answer?': shape({ field: str, extract: str }) }),
  prompt: shape({ name: str, 'system?': str, user: str }),
  params,
  samples: count,
  k: list(count),
  grader,
  problems: count,
  expect: record(num),
};

const checkManifestShape = shape({
  kind: literal('eval'), version: evalVersion, entry: str, fingerprint, created: isoTime, updated: isoTime, ...manifestConfig,
  'requests?': record(str),
  'groupBy?': list(str),
  'shard?': shape({ index: count, count, problems: count }),
});
// Version 2 is defined by its identities: a version-2 manifest without them would be reused as if it had them.
const checkManifest: Check = (v) =>
  checkManifestShape(v) ??
  ((v as RunManifest).version === 2 && (typeof (v as RunManifest).sampleIdentity !== 'string' || typeof (v as RunManifest).figures !== 'string' || typeof (v as RunManifest).model.endpoint !== 'string')
    ? fail('a version-2 manifest without its sample identity, figures identity or endpoint')
    : undefined);

const figures = record(nullable(ratio), kKey);
const interval = nullable(shape({ lo: num, hi: num }));
const checkSummary = shape({
  'kind?': literal('eval-summary'),
  'version?': evalVersion,
  entry: str,
  runDir: str,
  fingerprint,
  created: isoTime,
  updated: isoTime,
  complete: bool,
  samplesPerProblem: count,
  missing: count,
  tokens,
  expect: list(shape({ metric: str, threshold: num, actual: nullable(num), passed: bool })),
  config: shape(manifestConfig),
  problems: count,
  samples: count,
  passAtK: figures,
  majAtK: figures,
  ci: shape({ level: ratio, method: literal('bootstrap', 'normal'), passAtK: record(interval, kKey), majAtK: record(interval, kKey) }),
  estimable: shape({ passAtK: record(count, kKey), majAtK: record(count, kKey) }),
  instability: shape({ unstable: count, passAt1: num, passAtN: num, latent: num, passRatioAtN: num, stableRatio: nullable(num) }),
  perProblem: list(shape({
    problem: str, n: count, correct: count, passAtK: figures, majAtK: figures, unstable: bool,
    line: (v) => (Number.isInteger(v) && (v as number) >= -1 ? undefined : fail(`expected a line number, got ${JSON.stringify(v)}`)),
    gold: str, answers: list(shape({ answer: str, count, correct: bool })), unanswered: count,
  })),
});

const checkSample = shape({
  problem: str, index: count, answer: nullable(str), correct: bool, 'tokens?': tokens, 'latencyMs?': num, 'finish?': str, text: str,
  'req?': str, 'vid?': str,
});
const checkVerdict = shape({ problem: str, index: count, answer: nullable(str), correct: bool, 'tokens?': tokens, 'req?': str, 'vid?': str });

const sftRow = shape({
  messages: list(shape({ role: literal('system', 'user', 'assistant'), content: str })),
  answer: str,
  meta: shape({ entry: str, seed: str, generator: str, solver: str, agreement: ratio, solutions: count }),
});
const checkCandidateShape = shape({
  key: str, seed: str, index: count, question: nullable(str), status: literal('accepted', 'rejected'),
  'reason?': literal('unparsable', 'duplicate', 'contaminated', 'unverified', 'no-answer', 'inconsistent'),
  'detail?': str, 'answer?': nullable(str), 'agreement?': ratio, 'row?': sftRow, 'more?': list(str),
});
const checkCandidate: Check = (v) =>
  checkCandidateShape(v) ??
  ((v as CandidateRecord).status === 'accepted' && !(v as CandidateRecord).row ? fail('an accepted candidate without its row') : undefined) ??
  ((v as CandidateRecord).status === 'rejected' && !(v as CandidateRecord).reason ? fail('a rejected candidate without its reason') : undefined);

const checkSynthManifest = shape({
  kind: literal('synth'), version, entry: str, fingerprint, recipe: str, created: isoTime, updated: isoTime,
  exports: list(shape({ path: str, sha256, size: count, written: isoTime })),
});
const checkSynthSummary = shape({
  'kind?': literal('synth-summary'), 'version?': version, entry: str, runDir: str, output: str, fingerprint,
  seeds: count, candidates: count, accepted: count, rejected: record(count), failed: count, completed: bool,
  'examples?': record(list(shape({ key: str, question: nullable(str), 'detail?': str }))), 'shard?': str,
});
const checkPendingBatch = shape({ batchId: str, 'created?': str });

/** The run files passk reads whole, and what each holds. */
export const RUN_FILES = {
  'eval-manifest': { check: checkManifest, what: 'run manifest' },
  'eval-summary': { check: checkSummary, what: 'run summary' },
  'synth-manifest': { check: checkSynthManifest, what: 'synthesis run manifest' },
  'synth-summary': { check: checkSynthSummary, what: 'synthesis summary' },
  'pending-batch': { check: checkPendingBatch, what: 'pending batch record' },
} as const;

export interface RunFileTypes {
  'eval-manifest': RunManifest;
  'eval-summary': RunSummary;
  'synth-manifest': SynthManifest;
  'synth-summary': SynthSummary;
  'pending-batch': { batchId: string; created?: string };
}

export type RunFileKind = keyof RunFileTypes;

/** The reason a whole-file value does not fit its schema (a version from a newer passk is named as such). */
export function runFileError(kind: RunFileKind, v: unknown): string | undefined {
  const newest = kind.startsWith('eval') ? EVAL_FORMAT_VERSION : FORMAT_VERSION;
  if (isObject(v) && typeof v.version === 'number' && v.version > newest) {
    return `it was written by a newer passk (format version ${v.version}; this passk reads version ${newest})`;
  }
  const f = RUN_FILES[kind].check(v);
  return f && reason(f);
}

/** Parses and checks the text of a whole run file: the value, or the reason it is invalid. */
export function parseRunFile<K extends RunFileKind>(kind: K, text: string): { value: RunFileTypes[K] } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: `it is not valid JSON (${(e as Error).message})` };
  }
  const error = runFileError(kind, v);
  return error ? { error } : { value: v as RunFileTypes[K] };
}

/**
 * Reads and checks one whole run file; never throws. `missing` when there is none; `problem` when it is a link,
 * not a regular file, not JSON, or does not fit its schema.
 */
export function loadRunFile<K extends RunFileKind>(kind: K, file: string): { value?: RunFileTypes[K]; problem?: Problem; missing?: true } {
  let text: string | undefined;
  try {
    text = readFileIfPresent(file);
  } catch (e) {
    return { problem: unreadableRunFile(file, e) };
  }
  if (text === undefined) return { missing: true };
  const parsed = parseRunFile(kind, text);
  return 'value' in parsed ? { value: parsed.value } : { problem: invalidRunFile(file, parsed.error) };
}

/** The problem for an invalid run file or line; it names the file, and the 1-based line for append logs. */
export function invalidRunFile(file: string, reason: string, line?: number): Problem {
  const at = line !== undefined ? `Line ${line} of ${file}` : file;
  return {
    code: line !== undefined ? 'runs/invalid-line' : 'runs/invalid-file',
    // A bad line costs one sample (it is requested again); a bad file leaves nothing trustworthy to show.
    severity: line !== undefined ? 'warning' : 'error',
    file,
    message: `${at} is not a valid passk run file${line !== undefined ? ' line' : ''}: ${reason}. It is ignored; if you did not write it, the run folder may have been tampered with.`,
  };
}

/** The problem for a run file that cannot be opened: a planted link or special file, or a system error. */
export function unreadableRunFile(file: string, e: unknown): Problem {
  if (e instanceof UnsafePathError) return { code: 'runs/unsafe-path', severity: 'error', file, message: `${e.message}.` };
  return { code: 'runs/io', severity: 'error', file, message: `The run file ${file} cannot be read: ${fsErrorMessage(e)}.` };
}

export type RecordKind = 'eval-sample' | 'eval-verdict' | 'synth-candidate';

const RECORD_CHECKS: Record<RecordKind, Check> = { 'eval-sample': checkSample, 'eval-verdict': checkVerdict, 'synth-candidate': checkCandidate };

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTokens = (t: unknown) => t === undefined || (isObject(t) && isCount(t.prompt) && isCount(t.completion));

/**
 * The common case of a sample (or verdict) line, checked with plain comparisons: a million lines are read per
 * summary, so the general checks (which also say what is wrong) run only when this says no.
 */
function quickVerdict(v: unknown): boolean {
  if (!isObject(v)) return false;
  const a = v.answer;
  return typeof v.problem === 'string' && isCount(v.index) && typeof v.correct === 'boolean' && (a === null || typeof a === 'string') && isTokens(v.tokens) &&
    (v.req === undefined || typeof v.req === 'string') && (v.vid === undefined || typeof v.vid === 'string');
}

function quickSample(v: unknown): boolean {
  if (!quickVerdict(v)) return false;
  const r = v as Record<string, unknown>;
  return typeof r.text === 'string' && (r.latencyMs === undefined || (typeof r.latencyMs === 'number' && Number.isFinite(r.latencyMs))) && (r.finish === undefined || typeof r.finish === 'string');
}

const QUICK: Partial<Record<RecordKind, (v: unknown) => boolean>> = { 'eval-sample': quickSample, 'eval-verdict': quickVerdict };

/** Checks one parsed append-log record of the given kind: undefined when it fits, else why not. */
export function recordError(kind: RecordKind, v: unknown): string | undefined {
  if (QUICK[kind]?.(v)) return undefined;
  const f = RECORD_CHECKS[kind](v);
  return f && reason(f);
}

export function isSampleRecord(v: unknown): v is SampleRecord {
  return quickSample(v);
}
