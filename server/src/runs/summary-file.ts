// summary.json on disk: written whole and atomically with its `kind` and format `version`, and read back only
// after it passed its schema (run-file-schema.ts) and agrees with its run.json, so a planted or hand-edited
// summary (a string where a figure belongs, another run's fingerprint) is a problem naming the file and is
// never rendered. See docs/runs.md.
import * as path from 'node:path';
import type { Problem } from '../problems/problem';
import { EVAL_FORMAT_VERSION, invalidRunFile, loadRunFile } from './run-file-schema';
import { SUMMARY, type RunManifest } from './run-manifest';
import type { RunSummary } from './run-summary';
import { writeJsonAtomic } from './safe-fs';

/** Writes summary.json of a run folder atomically, stamped with its kind and format version. */
export function writeRunSummary(dir: string, summary: RunSummary): void {
  writeJsonAtomic(path.join(dir, SUMMARY), { kind: 'eval-summary', version: EVAL_FORMAT_VERSION, ...summary });
}

/** Reads and checks summary.json against its manifest; `summary` is absent when there is none or it is invalid. */
export function loadRunSummary(dir: string, manifest: RunManifest): { summary?: RunSummary; problem?: Problem } {
  const file = path.join(dir, SUMMARY);
  const r = loadRunFile('eval-summary', file);
  if (!r.value) return r.problem ? { problem: r.problem } : {};
  const s = r.value;
  if (s.entry !== manifest.entry || s.fingerprint !== manifest.fingerprint) {
    return { problem: invalidRunFile(file, `it belongs to another run (entry "${s.entry}", fingerprint ${s.fingerprint.slice(0, 12)}) than its ${path.join(dir, 'run.json')} (entry "${manifest.entry}", fingerprint ${manifest.fingerprint.slice(0, 12)})`) };
  }
  return { summary: s };
}
