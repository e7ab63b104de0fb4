// summary.json on disk: written whole and atomically with its `kind` and format `version`, and read back only
// after it passed its schema (run-file-schema.ts) and agrees with its run.json, so a planted or hand-edited
// summary (a string where a figure belongs, another run's fingerprint) is a problem naming the file and is
// never rendered. See docs/runs.md.
//
// A reader may hand in a memo (the editor's RunViewCache) in which a checked summary is remembered for as long as
// the file's identity and times stay the same: finding a run and then opening it read the same file twice, and
// the summary of a 5 000-problem run is megabytes of JSON that the editor needs before it can show the first
// hint. This module keeps no state of its own; without a memo (the CLI) every read checks the file afresh.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../problems/problem';
import { EVAL_FORMAT_VERSION, invalidRunFile, loadRunFile } from './run-file-schema';
import { SUMMARY, type RunManifest } from './run-manifest';
import type { RunSummary } from './run-summary';
import { writeJsonAtomic } from './safe-fs';

/** Where checked summaries are remembered between reads, by file and the stamp the file had when it was read. */
export interface SummaryMemo {
  /** The summary remembered for `file` if it was checked with this very stamp. */
  recallSummary(file: string, stamp: string): RunSummary | undefined;
  /** Remembers a checked summary, or forgets the file's (`undefined`: it changed or no longer passes). */
  rememberSummary(file: string, checked: { stamp: string; summary: RunSummary } | undefined): void;
}

/**
 * What must stay the same for a remembered summary to still be the file's. The change time cannot be set back
 * by ordinary tools, so a file rewritten with the same size and a forged modification time is read again.
 */
function stampOf(file: string): string | undefined {
  try {
    const st = fs.lstatSync(file);
    // Links and special files are never remembered; loadRunFile reports them on every read.
    if (!st.isFile()) return undefined;
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    return undefined;
  }
}

/** Writes summary.json of a run folder atomically, stamped with its kind and format version. */
export function writeRunSummary(dir: string, summary: RunSummary): void {
  writeJsonAtomic(path.join(dir, SUMMARY), { kind: 'eval-summary', version: EVAL_FORMAT_VERSION, ...summary });
}

/** The checked summary of `file`, read again only when the file changed since it was last checked. */
function checkedSummary(file: string, memo: SummaryMemo | undefined): { value?: RunSummary; problem?: Problem } {
  const before = stampOf(file);
  const hit = memo && before !== undefined ? memo.recallSummary(file, before) : undefined;
  if (hit) return { value: hit };
  const r = loadRunFile('eval-summary', file);
  // Only a valid file that did not change while it was read is remembered (as the dataset digest does).
  memo?.rememberSummary(file, r.value && before !== undefined && stampOf(file) === before ? { stamp: before, summary: r.value } : undefined);
  return r;
}

/**
 * Reads and checks summary.json against its manifest (through `memo` when given); `summary` is absent when there
 * is none or it is invalid.
 */
export function loadRunSummary(dir: string, manifest: RunManifest, memo?: SummaryMemo): { summary?: RunSummary; problem?: Problem } {
  const file = path.join(dir, SUMMARY);
  const r = checkedSummary(file, memo);
  if (!r.value) return r.problem ? { problem: r.problem } : {};
  const s = r.value;
  if (s.entry !== manifest.entry || s.fingerprint !== manifest.fingerprint) {
    return { problem: invalidRunFile(file, `it belongs to another run (entry "${s.entry}", fingerprint ${s.fingerprint.slice(0, 12)}) than its ${path.join(dir, 'run.json')} (entry "${manifest.entry}", fingerprint ${manifest.fingerprint.slice(0, 12)})`) };
  }
  return { summary: s };
}
