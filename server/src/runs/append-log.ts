// The append-only log behind both kinds of run: an evaluation's samples.jsonl and a synthesis's
// candidates.jsonl. One record a line, appended as results arrive, so a killed run loses at most the line being
// written. Opening a log replays its records (each checked against its schema; an invalid line is a problem
// naming the file and line, and is skipped), cuts a torn last line left by a writer that died mid-write, and
// opens the file for appending without following a link. The fsync policy is the operating system's: a line is
// written with one write(2) and not synced, since losing the last seconds of a crashed machine costs only
// requests that a rerun repeats. See docs/runs.md.
import * as fs from 'node:fs';
import type { Problem } from '../problems/problem';
import { invalidRunFile, unreadableRunFile } from './run-file-schema';
import { assertRegularIfPresent, openAppendNoFollow, openNewNoFollow, openReadNoFollow, tempNameFor, truncateNoFollow } from './safe-fs';

/** Parses one line into a record (undefined when it is not one) and, for a problem, says why a line is not one. */
export interface LineParser<T> {
  parse(line: string): T | undefined;
  why(line: string): string;
}

/** At most this many invalid lines of one file are reported one by one; the rest are counted. */
const MAX_LINE_PROBLEMS = 20;
const CHUNK = 1 << 20;

export interface ReadLogOptions {
  /** Report a file that cannot be opened (a planted link, a FIFO) into `problems` instead of throwing. */
  report?: boolean;
  /** Receives each invalid, non-blank line as it is (a rewrite copies them, so nothing is lost). */
  onInvalid?: (line: string) => void;
  /** Set to each yielded record's byte offset in the file before it is yielded (for an index of offsets). */
  at?: { offset: number };
}

/**
 * Streams the valid records of a log file (nothing when it is absent) without holding it in one string: a
 * 5 000 × 256-sample run is hundreds of megabytes, beyond V8's string limit. Invalid lines are reported into
 * `problems` (blank lines are ignored); a last line without its newline is a torn write, left out and counted in
 * the return value with the byte length of the complete lines. One generator does the reading, splitting and
 * parsing, since a summary pulls a million lines through it.
 */
export function* readLog<T>(file: string, parser: LineParser<T>, problems: Problem[], opts: ReadLogOptions = {}): Generator<T, { completeBytes: number; tornBytes: number }> {
  let fd: number;
  try {
    fd = openReadNoFollow(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { completeBytes: 0, tornBytes: 0 };
    if (!opts.report) throw e;
    problems.push(unreadableRunFile(file, e));
    return { completeBytes: 0, tornBytes: 0 };
  }
  let lineNo = 0;
  let invalid = 0;
  let pos = 0;
  let carry: Buffer = Buffer.alloc(0);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const read = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (read === 0) break;
      const base = pos - carry.length;
      pos += read;
      const chunk = carry.length ? Buffer.concat([carry, buf.subarray(0, read)]) : buf.subarray(0, read);
      let start = 0;
      for (;;) {
        // Newline bytes never occur inside a UTF-8 sequence, so splitting bytes on them is safe.
        const nl = chunk.indexOf(10, start);
        if (nl < 0) break;
        lineNo++;
        const line = chunk.toString('utf8', start, nl);
        if (opts.at) opts.at.offset = base + start;
        start = nl + 1;
        const r = parser.parse(line);
        if (r !== undefined) yield r;
        else if (line.trim()) {
          opts.onInvalid?.(line);
          if (++invalid <= MAX_LINE_PROBLEMS) problems.push(invalidRunFile(file, parser.why(line), lineNo));
        }
      }
      carry = Buffer.from(chunk.subarray(start));
    }
  } finally {
    fs.closeSync(fd);
  }
  if (invalid > MAX_LINE_PROBLEMS) {
    problems.push({ code: 'runs/invalid-line', severity: 'warning', file, message: `${invalid - MAX_LINE_PROBLEMS} more lines of ${file} are not valid records and were ignored.` });
  }
  return { completeBytes: pos - carry.length, tornBytes: carry.length };
}

export interface OpenLogOptions<T> {
  /**
   * Called for every stored record in file order; returns the record to keep (possibly changed) or undefined
   * to drop it (a duplicate).
   */
  visit(record: T, offset: number): T | undefined;
  /** Rewrite the file with what `visit` returned (e.g. regraded samples), atomically. */
  rewrite?: boolean;
}

export class AppendLog<T> {
  private fd: number | undefined;

  constructor(readonly file: string, private readonly parser: LineParser<T>) {}

  /** Replays the stored records, repairs a torn tail, and opens the log for appending; returns the problems. */
  open(opts: OpenLogOptions<T>): Problem[] {
    const problems: Problem[] = [];
    const out = opts.rewrite && assertRegularIfPresent(this.file) ? { tmp: tempNameFor(this.file), fd: -1 } : undefined;
    try {
      if (out) out.fd = openNewNoFollow(out.tmp);
      // A rewrite keeps the lines it cannot read as they are: they were reported, and they are not passk's to drop.
      const keepInvalid = out ? { onInvalid: (line: string) => fs.writeSync(out.fd, line + '\n') } : {};
      const at = { offset: 0 };
      const it = readLog(this.file, this.parser, problems, { ...keepInvalid, at });
      let step = it.next();
      while (!step.done) {
        const kept = opts.visit(step.value, at.offset);
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
    this.size = fs.fstatSync(this.fd).size;
    return problems;
  }

  /** The log's length in bytes: where the next appended line starts (one writer holds the run's lock). */
  size = 0;

  /**
   * Appends records with one write, so a crash tears at most the last line; returns the byte offset of the
   * first one's line (each next line starts after the previous line's newline).
   */
  append(records: readonly T[]): number {
    const offset = this.size;
    if (this.fd === undefined || records.length === 0) return offset;
    const data = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    fs.writeSync(this.fd, data);
    this.size += Buffer.byteLength(data);
    return offset;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
