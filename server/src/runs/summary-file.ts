// summary.json on disk: written whole and atomically with its `kind` and format `version`, and read back only
// after it passed its schema (run-file-schema.ts) and agrees with its run.json, so a planted or hand-edited
// summary (a string where a figure belongs, another run's fingerprint) is a problem naming the file and is
// never rendered. See docs/runs.md.
import * as path from 'node:path';
import type { Problem } from '../core/problem';
import { EVAL_FORMAT_VERSION, invalidRunFile, parseRunFile, unreadableRunFile } from './run-file-schema';
import { SUMMARY, type RunManifest } from './run-manifest';
import type { RunSummary } from './run-summary';
import { readFileIfPresent, writeJsonAtomic } from './safe-fs';

/** Writes summary.json of a run folder atomically, stamped with its kind and format version. */
export function writeRunSummary(dir: string, summary: RunSummary): void {
  writeJsonAtomic(path.join(dir, SUMMARY), { kind: 'eval-summary', version: EVAL_FORMAT_VERSION, ...summary });
}

/** Reads and checks summary.json against its manifest; `summary` is absent when there is none or it is invalid. */
export function loadRunSummary(dir: string, manifest: RunManifest): { summary?: RunSummary; problem?: Problem } {
  const file = path.join(dir, SUMMARY);
  let text: string | undefined;
  try {
    text = readFileIfPresent(file);
  } catch (e) {
    return { problem: unreadableRunFile(file, e) };
  }
  if (text === undefined) return {};
  const parsed = parseRunFile('eval-summary', text);
  if (!('value' in parsed)) return { problem: invalidRunFile(file, parsed.error) };
  const s = parsed.value;
  if (s.entry !== manifest.entry || s.fingerprint !== manifest.fingerprint) {
    return { problem: invalidRunFile(file, `it belongs to another run (entry "${s.entry}", fingerprint ${s.fingerprint.slice(0, 12)}) than its ${path.join(dir, 'run.json')} (entry "${manifest.entry}", fingerprint ${manifest.fingerprint.slice(0, 12)})`) };
  }
  return { summary: s };
}
