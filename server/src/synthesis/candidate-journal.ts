// The append-only journal of a synthesis run: one line per new problem that reached a verdict (accepted, or
// rejected with the filter that rejected it). It is what makes a killed run resumable without loss or duplicate
// work: on restart every (seed, index) already in the journal is skipped, and the SFT output is rewritten from
// the journal's accepted lines. Candidates whose requests failed are not journaled, so a rerun retries them.
// It is the run store's one append log (runs/append-log.ts): lines are checked against their schema
// (runs/run-file-schema.ts), a torn tail is cut, and a link planted as the journal is refused.
import * as path from 'node:path';
import type { Problem } from '../core/problem';
import { AppendLog, type LineParser } from '../runs/append-log';
import { recordError } from '../runs/run-file-schema';
import { ensureRealDir } from '../runs/safe-fs';
import type { SftRow } from './sft-row';

export type RejectReason = 'unparsable' | 'duplicate' | 'contaminated' | 'unverified' | 'no-answer' | 'inconsistent';

export interface CandidateRecord {
  /** `<seed id>#<index>`: the identity of a candidate across runs. */
  key: string;
  seed: string;
  index: number;
  question: string | null;
  status: 'accepted' | 'rejected';
  reason?: RejectReason;
  /** What the filter matched: the duplicate's key, the test item, the verifier's words. */
  detail?: string;
  answer?: string | null;
  agreement?: number;
  row?: SftRow;
}

export const CANDIDATES = 'candidates.jsonl';

function candidateOrError(line: string): { record?: CandidateRecord; error?: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { error: 'it is not valid JSON' };
  }
  const error = recordError('synth-candidate', v);
  return error ? { error } : { record: v as CandidateRecord };
}

const CANDIDATE_LINES: LineParser<CandidateRecord> = {
  parse: (line) => candidateOrError(line).record,
  why: (line) => candidateOrError(line).error ?? 'it is not a candidate record',
};

export class CandidateJournal {
  private log: AppendLog<CandidateRecord> | undefined;
  readonly records = new Map<string, CandidateRecord>();
  /** Invalid lines and a repaired torn tail, as problems naming the file and line. */
  problems: Problem[] = [];

  constructor(readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, CANDIDATES);
  }

  /** Loads what an earlier run wrote, cuts a torn last line, and opens the file for appending; throws on I/O. */
  open(): void {
    ensureRealDir(this.dir);
    const log = new AppendLog<CandidateRecord>(this.file, CANDIDATE_LINES);
    this.problems = log.open({
      visit: (r) => {
        if (!this.records.has(r.key)) this.records.set(r.key, r);
        return undefined;
      },
    });
    this.log = log;
  }

  append(r: CandidateRecord): void {
    if (this.records.has(r.key)) return;
    this.records.set(r.key, r);
    this.log?.append([r]);
  }

  close(): void {
    this.log?.close();
    this.log = undefined;
  }
}
