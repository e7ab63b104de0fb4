// The append-only journal of a synthesis run: one line per new problem that reached a verdict (accepted, or
// rejected with the filter that rejected it). It is what makes a killed run resumable without loss or duplicate
// work: on restart every (seed, index) already in the journal is skipped, and the SFT output is rewritten from
// the journal's accepted lines. Candidates whose requests failed are not journaled, so a rerun retries them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readLines } from '../runs/jsonl-lines';
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

export class CandidateJournal {
  private fd: number | undefined;
  readonly records = new Map<string, CandidateRecord>();
  /** Lines that could not be parsed (a torn tail after a crash is cut off, not counted). */
  skippedLines = 0;

  constructor(readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, CANDIDATES);
  }

  /** Loads what an earlier run wrote, cuts a torn last line, and opens the file for appending. */
  open(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    if (fs.existsSync(this.file)) {
      const it = readLines(this.file);
      let step = it.next();
      while (!step.done) {
        try {
          const r = JSON.parse(step.value.line) as CandidateRecord;
          if (typeof r.key === 'string' && !this.records.has(r.key)) this.records.set(r.key, r);
        } catch {
          this.skippedLines++;
        }
        step = it.next();
      }
      if (step.value.tornBytes > 0) fs.truncateSync(this.file, step.value.completeBytes);
    }
    this.fd = fs.openSync(this.file, 'a');
  }

  append(r: CandidateRecord): void {
    if (this.records.has(r.key)) return;
    this.records.set(r.key, r);
    if (this.fd !== undefined) fs.writeSync(this.fd, JSON.stringify(r) + '\n');
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
