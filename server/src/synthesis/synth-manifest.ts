// run.json of a synthesis run folder: which entry and fingerprint the folder holds candidates of, and every
// file the run exported (path, size, SHA-256), which is how a later run recognises an output file as passk's
// own and may replace it, while any other file at that path is left alone (export-target.ts, docs/runs.md).
import * as path from 'node:path';
import type { Problem } from '../problems/problem';
import { FORMAT_VERSION, loadRunFile } from '../runs/run-file-schema';
import { writeJsonAtomic } from '../runs/safe-fs';

export interface ExportRecord {
  /** The exported file: relative to the recipe folder (forward slashes) when inside it, else absolute. */
  path: string;
  sha256: string;
  size: number;
  written: string;
}

export interface SynthManifest {
  kind: 'synth';
  version: number;
  entry: string;
  fingerprint: string;
  /** Absolute path of the recipe that started the run. */
  recipe: string;
  created: string;
  updated: string;
  exports: ExportRecord[];
}

export const SYNTH_MANIFEST = 'run.json';

export function newSynthManifest(entry: string, fingerprint: string, recipe: string): SynthManifest {
  const now = new Date().toISOString();
  return { kind: 'synth', version: FORMAT_VERSION, entry, fingerprint, recipe, created: now, updated: now, exports: [] };
}

/** Reads and checks a synthesis run.json; never throws. Folders made before manifests existed have none. */
export function loadSynthManifest(dir: string): { manifest?: SynthManifest; problem?: Problem } {
  const r = loadRunFile('synth-manifest', path.join(dir, SYNTH_MANIFEST));
  return r.value ? { manifest: r.value } : r.problem ? { problem: r.problem } : {};
}

export function saveSynthManifest(dir: string, m: SynthManifest): void {
  m.updated = new Date().toISOString();
  writeJsonAtomic(path.join(dir, SYNTH_MANIFEST), m);
}

/** Records an export, replacing an earlier record of the same path. */
export function recordExport(m: SynthManifest, rec: ExportRecord): void {
  m.exports = [...m.exports.filter((e) => e.path !== rec.path), rec];
}
