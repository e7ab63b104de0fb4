// The append-only log behind both kinds of run: an evaluation's samples.jsonl and a synthesis's
// candidates.jsonl. One record a line, appended as results arrive, so a killed run loses at most the line being
// written. Opening a log replays its records (each checked against its schema; an invalid line is a problem
// naming the file and line, and is skipped), cuts a torn last line left by a writer that died mid-write, and
// opens the file for appending without following a link. The fsync policy is the operating system's: a line is
// written with one write(2) and not synced, since losing the last seconds of a crashed machine costs only
// requests that a rerun repeats. See docs/runs.md.
import * as fs from 'node:fs';
import type { Problem } from '../core/problem';
import { readLines } from './jsonl-lines';
import { invalidRunFile } from './run-file-schema';
import { assertRegularIfPresent, openAppendNoFollow, openNewNoFollow, tempNameFor, truncateNoFollow } from './safe-fs';

/** Parses one line into a record, or says why it is not one. */
export type LineParser<T> = (line: string) => { record?: T; error?: string };

/** At most this many invalid lines of one file are reported one by one; the rest are counted. */
const MAX_LINE_PROBLEMS = 20;

/**
 * Streams the valid records of a log file (nothing when it is absent); invalid lines are reported into
 * `problems` (blank lines are ignored). The return value gives the complete and torn byte counts.
 */
export function* readLog<T>(file: string, parse: LineParser<T>, problems: Problem[]): Generator<T, { completeBytes: number; tornBytes: number }> {
  if (!assertRegularIfPresent(file)) return { completeBytes: 0, tornBytes: 0 };
  const lines = readLines(file);
  let lineNo = 0;
  let invalid = 0;
  let step = lines.next();
  while (!step.done) {
    lineNo++;
    const { line } = step.value;
    const r = parse(line);
    if (r.record !== undefined) yield r.record;
    else if (line.trim()) {
      if (++invalid <= MAX_LINE_PROBLEMS) problems.push(invalidRunFile(file, r.error ?? 'unreadable', lineNo));
    }
    step = lines.next();
  }
  if (invalid > MAX_LINE_PROBLEMS) {
    problems.push({ code: 'runs/invalid-line', severity: 'warning', file, message: `${invalid - MAX_LINE_PROBLEMS} more lines of ${file} are not valid records and were ignored.` });
  }
  return step.value;
}

export interface OpenLogOptions<T> {
  /**
   * Called for every stored record in file order; returns the record to keep (possibly changed) or undefined
   * to drop it (a duplicate).
   */
  visit(record: T): T | undefined;
  /** Rewrite the file with what `visit` returned (e.g. regraded samples), atomically. */
  rewrite?: boolean;
}

export class AppendLog<T> {
  private fd: number | undefined;

  constructor(readonly file: string, private readonly parse: LineParser<T>) {}

  /** Replays the stored records, repairs a torn tail, and opens the log for appending; returns the problems. */
  open(opts: OpenLogOptions<T>): Problem[] {
    const problems: Problem[] = [];
    const out = opts.rewrite && assertRegularIfPresent(this.file) ? { tmp: tempNameFor(this.file), fd: -1 } : undefined;
    try {
      if (out) out.fd = openNewNoFollow(out.tmp);
      const it = readLog(this.file, this.parse, problems);
      let step = it.next();
      while (!step.done) {
        const kept = opts.visit(step.value);
        if (out && kept !== undefined) fs.writeSync(out.fd, JSON.stringify(kept) + '\n');
        step = it.next();
      }
      if (out) {
        fs.closeSync(out.fd);
        out.fd = -1;
        fs.renameSync(out.tmp, this.file);
      } else if (step.value.tornBytes > 0) {
        // The previous writer died mid-line; cut the fragment so the next append starts on a fresh line.
        truncateNoFollow(this.file, step.value.completeBytes);
        problems.push({ code: 'runs/torn-line', severity: 'information', file: this.file, message: `The last line of ${this.file} was incomplete (the previous run was interrupted) and was dropped; its work will be done again.` });
      }
    } finally {
      if (out && out.fd >= 0) fs.closeSync(out.fd);
      if (out) fs.rmSync(out.tmp, { force: true });
    }
    this.fd = openAppendNoFollow(this.file);
    return problems;
  }

  /** Appends records with one write, so a crash tears at most the last line. */
  append(records: readonly T[]): void {
    if (this.fd === undefined || records.length === 0) return;
    fs.writeSync(this.fd, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
