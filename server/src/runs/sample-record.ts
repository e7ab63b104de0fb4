// One line of samples.jsonl (docs/runs.md): one completion with where it came from, what it answered and how
// it was judged. The field names match `passk score`'s input (`problem`, `answer`, `correct`), so a run's
// samples file can be scored directly. Its shape (version 1) is checked in run-file-schema.ts.
import type { LineParser } from './append-log';
import { recordError } from './run-file-schema';

export interface SampleRecord {
  /** Problem id: the dataset's id field, or the 1-based line number. */
  problem: string;
  /** Sample index within the problem, 0 ≤ index < samples. */
  index: number;
  /** The extracted final answer, or null when none was found. */
  answer: string | null;
  /** The verdict against the gold answer. */
  correct: boolean;
  tokens: { prompt: number; completion: number };
  /** Request identity of the problem's request (docs/runs.md); reuse is keyed by (req, index). */
  req?: string;
  /** Verdict identity (gold value and grader) that `answer` and `correct` were judged under. */
  vid?: string;
  latencyMs: number;
  /** finish_reason as the server reported it (stop, length, …). */
  finish: string;
  /** The completion text, last so that a reader skimming lines sees the verdict first. */
  text: string;
}

/** Parses one line; undefined when the line is not a well-formed record (the caller reports it). */
export function parseSampleRecord(line: string): SampleRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  return recordError('eval-sample', v) === undefined ? (v as SampleRecord) : undefined;
}

/** Parses one line: the record, or why the line is not one (for a problem naming the line). */
export function sampleRecordOrError(line: string): { record?: SampleRecord; error?: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { error: 'it is not valid JSON' };
  }
  const error = recordError('eval-sample', v);
  return error ? { error } : { record: v as SampleRecord };
}

export function sampleKey(problem: string, index: number, req?: string): string {
  return req === undefined ? `${problem}\u0000${index}` : `${problem}\u0000${index}\u0000${req}`;
}

export type SampleVerdict = Pick<SampleRecord, 'problem' | 'index' | 'answer' | 'correct' | 'tokens' | 'req' | 'vid'>;

const TEXT_KEY = ',"text":';

/** A copy of `s` that does not share the memory of the string it was cut from. */
const own = (s: string): string => (' ' + s).slice(1);
const JSON_STRING = '("(?:[^"\\\\]|\\\\.)*")';
const PREFIX = `^\\{"problem":${JSON_STRING},"index":(\\d+),"answer":(null|${JSON_STRING.slice(1, -1)}),"correct":(true|false),"tokens":\\{"prompt":(\\d+),"completion":(\\d+)\\}`;
// The identities have fixed lengths (sample-identity.ts, verdict-identity.ts); a fixed-length pattern tried
// first keeps the fast path as fast as before they existed, and lines written before them match the second.
const OWN_PREFIX_IDS = new RegExp(`${PREFIX},"req":"([0-9a-f]{16})","vid":"([0-9a-f]{12})"`);
const OWN_PREFIX = new RegExp(PREFIX);

/**
 * Parses what summaries need (no text) from one line. passk writes `text` as the last key, and a JSON string
 * cannot contain `,"` unescaped, so the first `,"text":` is the key itself: cutting the line there and closing
 * the object skips parsing the longest field. Lines written by other tools fall back to a full parse.
 */
export function parseSampleVerdict(line: string): SampleVerdict | undefined {
  // Fastest path: the exact prefix passk itself writes, read with one regex (no object for the whole line).
  const m = OWN_PREFIX_IDS.exec(line) ?? OWN_PREFIX.exec(line);
  if (m) {
    const str = (q: string) => (q.includes('\\') ? (JSON.parse(q) as string) : q.slice(1, -1));
    return {
      problem: str(m[1]!), index: Number(m[2]), answer: m[3] === 'null' ? null : str(m[3]!), correct: m[4] === 'true',
      tokens: { prompt: Number(m[5]), completion: Number(m[6]) },
      // Copied out of the line: a 16-character regex capture is a slice that would keep the whole line (its text
      // included) alive for as long as a replay remembers the sample's key.
      ...(m[7] !== undefined ? { req: own(m[7]), vid: own(m[8]!) } : {}),
    };
  }
  const cut = line.indexOf(TEXT_KEY);
  if (cut > 0 && line.endsWith('}')) {
    let v: unknown;
    try {
      v = JSON.parse(line.slice(0, cut) + '}');
    } catch {
      v = undefined;
    }
    if (v !== undefined && recordError('eval-verdict', v) === undefined) return v as SampleVerdict;
  }
  return parseSampleRecord(line);
}

const why = (line: string) => sampleRecordOrError(line).error ?? 'it is not a sample record';

/** samples.jsonl read in full (texts included), for hovers and regrading. */
export const SAMPLE_LINES: LineParser<SampleRecord> = { parse: parseSampleRecord, why };

/** samples.jsonl read for summaries: the verdict fields only. */
export const VERDICT_LINES: LineParser<SampleVerdict> = { parse: parseSampleVerdict, why };
