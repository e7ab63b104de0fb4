// The append-only journal of a synthesis run: one line per new problem that reached a verdict (accepted, or
// rejected with the filter that rejected it). It is what makes a killed run resumable without loss or duplicate
// work: on restart every (seed, index) already in the journal is skipped, and the SFT output is rewritten from
// the journal's accepted lines. Candidates whose requests failed are not journaled, so a rerun retries them.
// It is the run store's one append log (runs/append-log.ts): lines are checked against their schema
// (runs/run-file-schema.ts), a torn tail is cut, and a link planted as the journal is refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../problems/problem';
import { AppendLog, readLog, type LineParser } from '../runs/append-log';
import { recordError } from '../runs/run-file-schema';
import { ensureRealDir, openReadNoFollow } from '../runs/safe-fs';
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
  /** Further agreeing solutions kept for export (`export.solutions` above 1), each exported as its own row. */
  more?: string[];
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

/**
 * The journal's index holds one number per candidate key, never the record: the byte offset of the key's first
 * line times two, plus one when it was accepted. At a million candidates a Map of records with their SFT rows
 * took gigabytes; this index takes about a hundred bytes a key (the key string and the Map entry), and a record
 * is read back from the file when it is needed (an export reads each accepted one once).
 */
export class CandidateJournal {
  private log: AppendLog<CandidateRecord> | undefined;
  private readonly index = new Map<string, number>();
  private readFd: number | undefined;
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
      visit: (r, offset) => {
        if (!this.index.has(r.key)) this.index.set(r.key, offset * 2 + (r.status === 'accepted' ? 1 : 0));
        return undefined;
      },
    });
    this.log = log;
  }

  /**
   * Indexes another run's journal without writing to it (a shard being merged): no torn tail is cut and nothing
   * can be appended. Throws on I/O, like open().
   */
  openReadOnly(): void {
    const at = { offset: 0 };
    const problems: Problem[] = [];
    for (const r of readLog(this.file, CANDIDATE_LINES, problems, { at })) {
      if (!this.index.has(r.key)) this.index.set(r.key, at.offset * 2 + (r.status === 'accepted' ? 1 : 0));
    }
    this.problems = problems;
  }

  get size(): number {
    return this.index.size;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  keys(): IterableIterator<string> {
    return this.index.keys();
  }

  /** Whether the key's verdict is an acceptance (undefined when it has none yet). */
  accepted(key: string): boolean | undefined {
    const v = this.index.get(key);
    return v === undefined ? undefined : v % 2 === 1;
  }

  append(r: CandidateRecord): void {
    if (this.index.has(r.key)) return;
    const offset = this.log ? this.log.append([r]) : 0;
    this.index.set(r.key, offset * 2 + (r.status === 'accepted' ? 1 : 0));
  }

  /** The journaled record of a key, read back from the file; undefined when it has none or it cannot be read. */
  read(key: string): CandidateRecord | undefined {
    const v = this.index.get(key);
    if (v === undefined) return undefined;
    this.readFd ??= openReadNoFollow(this.file);
    const offset = Math.floor(v / 2);
    let buf = Buffer.allocUnsafe(16 * 1024);
    let have = 0;
    for (;;) {
      const n = fs.readSync(this.readFd, buf, have, buf.length - have, offset + have);
      const nl = buf.indexOf(10, have);
      have += n;
      if (nl >= 0 && nl < have) return candidateOrError(buf.toString('utf8', 0, nl)).record;
      if (n <= 0) return undefined;
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
    }
  }

  /**
   * Every journaled record, first line of each key only, in file order, streamed from the file; invalid lines
   * were reported when the journal was opened and are skipped here.
   */
  *scan(): Generator<CandidateRecord> {
    const at = { offset: 0 };
    for (const r of readLog(this.file, CANDIDATE_LINES, [], { at })) {
      const v = this.index.get(r.key);
      if (v !== undefined && Math.floor(v / 2) === at.offset) yield r;
    }
  }

  close(): void {
    this.log?.close();
    this.log = undefined;
    if (this.readFd !== undefined) fs.closeSync(this.readFd);
    this.readFd = undefined;
  }
}
