// The SFT output of a synthesis run, worked out from its journal: which rows it holds, and, for run folders
// written before exports were recorded in run.json, whether an existing output file is that run's own export
// (docs/runs.md, "Exports").
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { sha256Hex } from '../runs/fingerprint';
import { assertRegularIfPresent, readFileIfPresent } from '../runs/safe-fs';
import { CANDIDATES, type CandidateJournal, type CandidateRecord, type RejectReason } from './candidate-journal';
import type { ExportWriter } from './export-writer';
import type { SftRow } from './sft-row';
import { exportKey, type ExportTarget } from './export-target';
import { SYNTH_MANIFEST, recordExport, type SynthManifest } from './synth-manifest';
import type { SynthPlan } from './synth-plan';

/** Whether a journaled candidate belongs to this plan's seeds and per-seed count. */
export function planMembership(plan: SynthPlan): (r: CandidateRecord) => boolean {
  const seeds = new Set(plan.seeds.map((s) => s.id));
  return (r) => seeds.has(r.seed) && r.index < plan.def.perSeed;
}

/** The most problems exported: `count`, except in a shard, whose slice the merge caps instead. */
export function exportCap(plan: SynthPlan): number | undefined {
  return plan.shard ? undefined : plan.def.count;
}

/** The plan's candidate keys in export order: seed order, then index. */
export function* planKeys(plan: SynthPlan): Generator<string> {
  for (const seed of plan.seeds) for (let i = 0; i < plan.def.perSeed; i++) yield `${seed.id}#${i}`;
}

/**
 * Streams the plan's accepted rows (seed order, then index; at most `count`) into `writer`, reading each
 * accepted record back from the journal once; returns how many were written. Memory stays one row deep.
 */
export function streamExport(plan: SynthPlan, journal: CandidateJournal, writer: Pick<ExportWriter, 'write'>): number {
  let n = 0;
  const cap = exportCap(plan);
  for (const key of planKeys(plan)) {
    if (cap !== undefined && n >= cap) break;
    if (!journal.accepted(key)) continue;
    const r = journal.read(key);
    if (!r?.row) continue;
    writer.write(r.row);
    for (const extra of r.more ?? []) writer.write({ ...r.row, messages: [...r.row.messages.slice(0, -1), { role: 'assistant', content: extra }] });
    n++;
  }
  return n;
}

/** How many of each rejection a run report shows as examples. */
export const EXAMPLES_PER_REASON = 3;

export interface JournalTally {
  candidates: number;
  accepted: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** The first few rejections of each reason, with what the filter matched, so a user can check its judgement. */
  examples: Partial<Record<RejectReason, { key: string; question: string | null; detail?: string }[]>>;
}

/** Counts the plan's journaled verdicts by streaming the journal (never holding its records). */
export function tallyJournal(plan: SynthPlan, journal: CandidateJournal): JournalTally {
  const inPlan = planMembership(plan);
  const t: JournalTally = { candidates: 0, accepted: 0, rejected: {}, examples: {} };
  for (const r of journal.scan()) {
    if (!inPlan(r)) continue;
    t.candidates++;
    if (r.status === 'accepted') t.accepted++;
    else if (r.reason) {
      t.rejected[r.reason] = (t.rejected[r.reason] ?? 0) + 1;
      const ex = (t.examples[r.reason] ??= []);
      if (ex.length < EXAMPLES_PER_REASON) ex.push({ key: r.key, question: r.question === null ? null : r.question.slice(0, 200), ...(r.detail ? { detail: r.detail } : {}) });
    }
  }
  const cap = exportCap(plan);
  if (cap !== undefined) t.accepted = Math.min(t.accepted, cap);
  return t;
}

/** A writer that only hashes, to recognise an export without writing it. */
class HashingWriter {
  readonly hash = createHash('sha256');
  size = 0;
  write(row: SftRow): void {
    const line = JSON.stringify(row) + '\n';
    this.hash.update(line);
    this.size += Buffer.byteLength(line);
  }
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
    if (current === undefined) return;
    const h = new HashingWriter();
    streamExport(plan, journal, h);
    const sha256 = h.hash.digest('hex');
    if (h.size !== Buffer.byteLength(current) || sha256 !== sha256Hex(current)) return;
    recordExport(manifest, { path: exportKey(target), sha256, size: h.size, written: new Date().toISOString() });
  } catch {
    // Unreadable or a link: not adopted, and the export check reports it.
  }
}
