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

/** Whether any stored sample has a stale verdict (a fast pass over the verdicts, stopping at the first). */
function anyStale(file: string, stale: (r: SampleVerdict) => boolean): boolean {
  for (const { line } of readLines(file)) {
    const v = parseSampleVerdict(line);
    if (v && stale(v)) return true;
  }
  return false;
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
      const regrade = anyStale(file, opts.stale);
      const seen = new Set<string>();
      const out = regrade ? fs.openSync(`${file}.regrade.tmp`, 'w') : undefined;
      const lines = readLines(file);
      let lineNo = 0;
      let step = lines.next();
      while (!step.done) {
        lineNo++;
        // Without regrading only the verdicts are needed, and skipping the texts makes resuming big runs fast.
        const rec = regrade ? parseSampleRecord(step.value.line) : parseSampleVerdict(step.value.line);
        if (!rec) {
          if (step.value.line.trim()) problems.push({ code: 'runs/bad-sample-line', severity: 'warning', file, message: `Line ${lineNo} of ${file} is not a sample record and was ignored.` });
        } else if (!seen.has(sampleKey(rec.problem, rec.index, rec.req))) {
          seen.add(sampleKey(rec.problem, rec.index, rec.req));
          const r = regrade && opts.stale(rec) ? opts.regrade(rec as SampleRecord) : rec;
          if (out !== undefined) fs.writeSync(out, JSON.stringify(r) + '\n');
          opts.onExisting(r);
        }
        step = lines.next();
      }
      const { completeBytes, tornBytes } = step.value;
      if (out !== undefined) {
        fs.closeSync(out);
        fs.renameSync(`${file}.regrade.tmp`, file);
      } else if (tornBytes > 0) {
        // The previous writer died mid-line; cut the fragment so the next append starts on a fresh line.
        fs.truncateSync(file, completeBytes);
        problems.push({ code: 'runs/torn-line', severity: 'information', file, message: `The last line of ${file} was incomplete (the previous run was interrupted) and was dropped; its sample will be requested again.` });
      }
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
