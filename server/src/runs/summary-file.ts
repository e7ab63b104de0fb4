// summary.json on disk: written whole and atomically with its `kind` and format `version`, and read back only
// after it passed its schema (run-file-schema.ts) and agrees with its run.json, so a planted or hand-edited
// summary (a string where a figure belongs, another run's fingerprint) is a problem naming the file and is
// never rendered. See docs/runs.md.
//
// A checked summary is remembered for as long as the file's identity and times stay the same: finding a run
// and then opening it read the same file twice, and the summary of a 5 000-problem run is megabytes of JSON
// that the editor needs before it can show the first hint.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../problems/problem';
import { EVAL_FORMAT_VERSION, invalidRunFile, loadRunFile } from './run-file-schema';
import { SUMMARY, type RunManifest } from './run-manifest';
import type { RunSummary } from './run-summary';
import { writeJsonAtomic } from './safe-fs';

/** Few summaries are on screen at once, and each can be megabytes: the cache stays small. */
const MAX_CACHED = 8;
const checked = new Map<string, { stamp: string; summary: RunSummary }>();

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
function checkedSummary(file: string): { value?: RunSummary; problem?: Problem } {
  const before = stampOf(file);
  const hit = checked.get(file);
  if (before !== undefined && hit?.stamp === before) return { value: hit.summary };
  const r = loadRunFile('eval-summary', file);
  // Only a valid file that did not change while it was read is remembered (as the dataset digest does).
  if (r.value && before !== undefined && stampOf(file) === before) {
    checked.delete(file);
    if (checked.size >= MAX_CACHED) checked.delete(checked.keys().next().value as string);
    checked.set(file, { stamp: before, summary: r.value });
  } else checked.delete(file);
  return r;
}

/** Reads and checks summary.json against its manifest; `summary` is absent when there is none or it is invalid. */
export function loadRunSummary(dir: string, manifest: RunManifest): { summary?: RunSummary; problem?: Problem } {
  const file = path.join(dir, SUMMARY);
  const r = checkedSummary(file);
  if (!r.value) return r.problem ? { problem: r.problem } : {};
  const s = r.value;
  if (s.entry !== manifest.entry || s.fingerprint !== manifest.fingerprint) {
    return { problem: invalidRunFile(file, `it belongs to another run (entry "${s.entry}", fingerprint ${s.fingerprint.slice(0, 12)}) than its ${path.join(dir, 'run.json')} (entry "${manifest.entry}", fingerprint ${manifest.fingerprint.slice(0, 12)})`) };
  }
  return { summary: s };
}
