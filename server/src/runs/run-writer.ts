// Opens a run folder for appending (docs/runs.md): makes sure no part of it is a link, takes the lock, replays
// the stored samples to the caller (regrading them when the grader changed) through the shared append log,
// which checks every line and repairs a torn last line left by a killed writer, and then appends new samples
// as they arrive, one write per response, so a crash loses at most the response being written.
import * as path from 'node:path';
import type { Problem, Result } from '../core/problem';
import { AppendLog } from './append-log';
import { canonicalJson } from './fingerprint';
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
  /** Called for every stored sample (after regrading when the grader changed); duplicates are skipped. */
  onExisting(record: SampleVerdict): void;
  /** Re-judges a stored sample's text with the current grader; used only when the grader changed. */
  regrade(record: SampleRecord): SampleRecord;
}

function ioProblem(code: string, message: string): Problem {
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
    // An unreadable or tampered run.json is replaced; the samples are still checked line by line below.
    if (previous.problem) problems.push({ ...previous.problem, severity: 'warning' });
    const current: RunManifest = previous.manifest ? { ...manifest, created: previous.manifest.created } : manifest;
    // Verdicts judged under an unknown grader (run.json invalid) are judged again, like those of a changed grader.
    const regrade = previous.problem !== undefined || (previous.manifest !== undefined && canonicalJson(previous.manifest.grader) !== canonicalJson(manifest.grader));
    const seen = new Set<string>();
    const keep = <T extends SampleVerdict>(rec: T): T | undefined => {
      const key = sampleKey(rec.problem, rec.index);
      if (seen.has(key)) return undefined;
      seen.add(key);
      return rec;
    };
    const file = path.join(dir, SAMPLES);
    let log: AppendLog<SampleRecord> | AppendLog<SampleVerdict>;
    if (regrade) {
      const full = new AppendLog<SampleRecord>(file, SAMPLE_LINES);
      problems.push(...full.open({
        rewrite: true,
        visit: (rec) => {
          if (!keep(rec)) return undefined;
          const r = opts.regrade(rec);
          opts.onExisting(r);
          return r;
        },
      }));
      log = full;
    } else {
      // Without regrading only the verdicts are needed, and skipping the texts makes resuming big runs fast.
      const verdicts = new AppendLog<SampleVerdict>(file, VERDICT_LINES);
      problems.push(...verdicts.open({
        visit: (rec) => {
          if (keep(rec)) opts.onExisting(rec);
          return undefined;
        },
      }));
      log = verdicts;
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
