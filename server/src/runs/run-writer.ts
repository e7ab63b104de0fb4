// Opens a run folder for appending (docs/runs.md): makes sure no part of it is a link, takes the lock, replays
// the stored samples to the caller through the shared append log (which checks every line and repairs a torn
// last line left by a killed writer), regrades those whose verdict identity is stale, and then appends new
// samples as they arrive, one write per response, so a crash loses at most the response being written.
import * as path from 'node:path';
import type { Problem, ProblemCode, Result } from '../problems/problem';
import { AppendLog } from './append-log';
import { LOCK, MANIFEST, SAMPLES, loadManifest, type RunManifest } from './run-manifest';
import { acquireRunLock, type RunLock } from './run-lock';
import { SAMPLE_LINES, VERDICT_LINES, sampleKey, type SampleRecord, type SampleVerdict } from './sample-record';
import { ensureRealDir, fsErrorMessage, writeJsonAtomic } from './safe-fs';

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

function ioProblem(code: ProblemCode, message: string): Problem {
  return { code, severity: 'error', message };
}

export function openRunWriter(dir: string, manifest: RunManifest, opts: OpenRunOptions): Result<RunWriter | undefined> {
  const problems: Problem[] = [];
  try {
    ensureRealDir(dir);
  } catch (e) {
    return { value: undefined, problems: [ioProblem('runs/io', `The run folder ${dir} cannot be used: ${fsErrorMessage(e)}.`)] };
  }
  const lock = acquireRunLock(path.join(dir, LOCK));
  if (!lock.value) return { value: undefined, problems: lock.problems };
  const held: RunLock = lock.value;
  try {
    const previous = loadManifest(dir);
    // An unreadable or tampered run.json is replaced; the samples are still checked line by line below, and
    // each carries the verdict identity it was judged under.
    if (previous.problem) problems.push({ ...previous.problem, severity: 'warning' });
    const current: RunManifest = previous.manifest ? { ...manifest, created: previous.manifest.created } : manifest;
    const seen = new Set<string>();
    const first = (rec: SampleVerdict): boolean => {
      const key = sampleKey(rec.problem, rec.index, rec.req);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const file = path.join(dir, SAMPLES);
    // Only the verdicts are needed, and skipping the texts makes resuming big runs fast; the few samples with a
    // stale verdict are regraded from their text in a second pass that rewrites the log atomically.
    let stale = 0;
    const verdicts = new AppendLog<SampleVerdict>(file, VERDICT_LINES);
    problems.push(...verdicts.open({
      visit: (rec) => {
        if (first(rec)) {
          if (opts.stale(rec)) stale++;
          else opts.onExisting(rec);
        }
        return undefined;
      },
    }));
    let log: AppendLog<SampleRecord> | AppendLog<SampleVerdict> = verdicts;
    if (stale > 0) {
      verdicts.close();
      seen.clear();
      const full = new AppendLog<SampleRecord>(file, SAMPLE_LINES);
      // The first pass already reported the invalid lines; duplicates and samples of other requests are kept.
      full.open({
        rewrite: true,
        visit: (rec) => {
          const isFirst = first(rec);
          if (!opts.stale(rec)) return rec;
          const r = opts.regrade(rec);
          if (isFirst) opts.onExisting(r);
          return r;
        },
      });
      log = full;
    }
    writeJsonAtomic(path.join(dir, MANIFEST), current);
    let closed = false;
    const writer: RunWriter = {
      dir,
      manifest: current,
      append(records) {
        (log as AppendLog<SampleRecord>).append(records);
      },
      saveManifest() {
        current.updated = new Date().toISOString();
        writeJsonAtomic(path.join(dir, MANIFEST), current);
      },
      close() {
        if (closed) return;
        closed = true;
        log.close();
        held.release();
      },
    };
    return { value: writer, problems };
  } catch (e) {
    held.release();
    return { value: undefined, problems: [...problems, ioProblem('runs/io', `The run folder ${dir} cannot be read or written: ${fsErrorMessage(e)}.`)] };
  }
}
