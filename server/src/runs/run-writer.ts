// Opens a run folder for appending (DESIGN §3): takes the lock, repairs a torn last line left by a killed
// writer, replays the stored samples to the caller (regrading those whose verdict identity is stale) and then appends
// new samples as they arrive, one write per response, so a crash loses at most the response being written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, Result } from '../core/problem';
import { readLines } from './jsonl-lines';
import { LOCK, MANIFEST, SAMPLES, readManifest, writeJsonAtomic, type RunManifest } from './run-manifest';
import { acquireRunLock, type RunLock } from './run-lock';
import { parseSampleRecord, parseSampleVerdict, sampleKey, type SampleRecord, type SampleVerdict } from './sample-record';

export interface RunWriter {
  dir: string;
  manifest: RunManifest;
  append(records: readonly SampleRecord[]): void;
  /** Rewrites run.json (e.g. with a new `updated` time). */
  saveManifest(): void;
  close(): void;
}

export interface OpenRunOptions {
  /** Called for every stored sample (after regrading when its verdict was stale); duplicates are skipped. */
  onExisting(record: SampleVerdict): void;
  /**
   * Whether a stored verdict was judged under another gold value or grader than the current one (its verdict
   * identity differs, docs/runs.md). When any is, the file is rewritten once with those samples regraded.
   */
  stale(record: SampleVerdict): boolean;
  /** Re-judges a stored sample's text with the current gold and grader; called for stale samples only. */
  regrade(record: SampleRecord): SampleRecord;
}

/**
 * Rewrites samples.jsonl with every stale sample regraded (temp file, then rename), passing the regraded ones to
 * `onExisting`. Every other line is copied as it is, duplicates and foreign lines included: nothing is lost.
 */
function regradeStale(file: string, opts: OpenRunOptions): void {
  const tmp = `${file}.regrade.tmp`;
  const out = fs.openSync(tmp, 'w');
  const seen = new Set<string>();
  try {
    for (const { line } of readLines(file)) {
      const rec = parseSampleRecord(line);
      if (rec && opts.stale(rec)) {
        const r = opts.regrade(rec);
        fs.writeSync(out, JSON.stringify(r) + '\n');
        if (!seen.has(sampleKey(rec.problem, rec.index, rec.req))) opts.onExisting(r);
      } else fs.writeSync(out, line + '\n');
      if (rec) seen.add(sampleKey(rec.problem, rec.index, rec.req));
    }
  } finally {
    fs.closeSync(out);
  }
  fs.renameSync(tmp, file);
}

function ioProblem(code: string, message: string): Problem {
  return { code, severity: 'error', message };
}

export function openRunWriter(dir: string, manifest: RunManifest, opts: OpenRunOptions): Result<RunWriter | undefined> {
  const problems: Problem[] = [];
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    return { value: undefined, problems: [ioProblem('runs/io', `The run folder ${dir} cannot be created: ${(e as Error).message}.`)] };
  }
  const lock = acquireRunLock(path.join(dir, LOCK));
  if (!lock.value) return { value: undefined, problems: lock.problems };
  const held: RunLock = lock.value;
  try {
    const previous = readManifest(dir);
    const current: RunManifest = previous ? { ...manifest, created: previous.created } : manifest;
    const file = path.join(dir, SAMPLES);
    if (fs.existsSync(file)) {
      const seen = new Set<string>();
      let stale = 0;
      const lines = readLines(file);
      let lineNo = 0;
      let step = lines.next();
      while (!step.done) {
        lineNo++;
        // Only the verdicts are needed, and skipping the texts makes resuming big runs fast; the few samples
        // with a stale verdict are regraded from their text in a second pass.
        const rec = parseSampleVerdict(step.value.line);
        if (!rec) {
          if (step.value.line.trim()) problems.push({ code: 'runs/bad-sample-line', severity: 'warning', file, message: `Line ${lineNo} of ${file} is not a sample record and was ignored.` });
        } else if (!seen.has(sampleKey(rec.problem, rec.index, rec.req))) {
          seen.add(sampleKey(rec.problem, rec.index, rec.req));
          if (opts.stale(rec)) stale++;
          else opts.onExisting(rec);
        }
        step = lines.next();
      }
      const { completeBytes, tornBytes } = step.value;
      if (tornBytes > 0) {
        // The previous writer died mid-line; cut the fragment so the next append starts on a fresh line.
        fs.truncateSync(file, completeBytes);
        problems.push({ code: 'runs/torn-line', severity: 'information', file, message: `The last line of ${file} was incomplete (the previous run was interrupted) and was dropped; its sample will be requested again.` });
      }
      if (stale > 0) regradeStale(file, opts);
    }
    writeJsonAtomic(path.join(dir, MANIFEST), current);
    const fd = fs.openSync(file, 'a');
    let closed = false;
    const writer: RunWriter = {
      dir,
      manifest: current,
      append(records) {
        if (records.length === 0) return;
        fs.writeSync(fd, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      },
      saveManifest() {
        current.updated = new Date().toISOString();
        writeJsonAtomic(path.join(dir, MANIFEST), current);
      },
      close() {
        if (closed) return;
        closed = true;
        fs.closeSync(fd);
        held.release();
      },
    };
    return { value: writer, problems };
  } catch (e) {
    held.release();
    return { value: undefined, problems: [...problems, ioProblem('runs/io', `The run folder ${dir} cannot be read or written: ${(e as Error).message}.`)] };
  }
}
