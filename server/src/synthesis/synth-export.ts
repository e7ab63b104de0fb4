// The SFT output of a synthesis run, worked out from its journal: which rows it holds, and, for run folders
// written before exports were recorded in run.json, whether an existing output file is that run's own export
// (docs/runs.md, "Exports").
import * as path from 'node:path';
import { sha256Hex } from '../runs/fingerprint';
import { assertRegularIfPresent, readFileIfPresent } from '../runs/safe-fs';
import { CANDIDATES, type CandidateJournal, type CandidateRecord } from './candidate-journal';
import { exportKey, type ExportTarget } from './export-target';
import { SYNTH_MANIFEST, recordExport, type SynthManifest } from './synth-manifest';
import type { SynthPlan } from './synth-plan';

/** Whether a journaled candidate belongs to this plan's seeds and per-seed count. */
export function planMembership(plan: SynthPlan): (r: CandidateRecord) => boolean {
  const seeds = new Set(plan.seeds.map((s) => s.id));
  return (r) => seeds.has(r.seed) && r.index < plan.def.perSeed;
}

/** The plan's journaled candidates, and the SFT output they make (seed order, then index; at most `count`). */
export function exportRows(plan: SynthPlan, journal: CandidateJournal): { records: CandidateRecord[]; rows: string; accepted: number } {
  const order = new Map(plan.seeds.map((s, i) => [s.id, i]));
  const inPlan = planMembership(plan);
  const records = [...journal.records.values()].filter(inPlan);
  const accepted = records.filter((r) => r.status === 'accepted').sort((a, b) => (order.get(a.seed) ?? 0) - (order.get(b.seed) ?? 0) || a.index - b.index);
  const kept = plan.def.count !== undefined ? accepted.slice(0, plan.def.count) : accepted;
  return { records, rows: kept.map((r) => JSON.stringify(r.row) + '\n').join(''), accepted: kept.length };
}

/** A synthesis run folder written by a passk that kept no run.json (so recorded no exports): a journal alone. */
export function isLegacyRunDir(dir: string): boolean {
  try {
    return assertRegularIfPresent(path.join(dir, CANDIDATES)) && !assertRegularIfPresent(path.join(dir, SYNTH_MANIFEST));
  } catch {
    return false;
  }
}

/**
 * A run folder from before exports were recorded still recognises its own output: when the file holds exactly
 * what the journal exports, it is recorded as this run's export (so it may be replaced, as before).
 */
export function adoptLegacyExport(plan: SynthPlan, journal: CandidateJournal, target: ExportTarget, manifest: SynthManifest): void {
  try {
    const current = readFileIfPresent(target.file);
    const { rows } = exportRows(plan, journal);
    if (current === undefined || current !== rows) return;
    recordExport(manifest, { path: exportKey(target), sha256: sha256Hex(rows), size: Buffer.byteLength(rows), written: new Date().toISOString() });
  } catch {
    // Unreadable or a link: not adopted, and the export check reports it.
  }
}
