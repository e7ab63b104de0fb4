// The terminal view of a run: one row per k with pass@k and maj@k and their intervals, then how much accuracy
// is latent (pass@n − pass@1) and how many problems are unstable, then any failed `expect` threshold. The
// provenance line says what produced the figures, and a stale run says so before any figure.
import type { RunSummary } from '../runs/run-summary';
import { ci, pct, summaryKs } from './format';
import { provenanceLine, STALE_WARNING } from './provenance';

export interface ReportOptions {
  /** The recipe changed since the run (the figures describe an older configuration). */
  stale?: boolean;
}

export function renderSummaryTable(s: RunSummary, opts: ReportOptions = {}): string {
  const lines: string[] = [];
  const status = s.complete ? 'complete' : `incomplete: ${s.missing} samples missing`;
  if (opts.stale) lines.push(STALE_WARNING);
  lines.push(`${s.entry} — ${s.config.model.name} (${s.config.model.model}) on ${s.config.dataset.name}: ${s.problems} problems × ${s.samplesPerProblem} samples (${status})`);
  lines.push(provenanceLine(s));
  const rows: string[][] = [['k', 'pass@k', `${Math.round((s.ci.level ?? 0.95) * 100)}% CI`, 'maj@k', `${Math.round((s.ci.level ?? 0.95) * 100)}% CI`]];
  for (const k of summaryKs(s)) {
    const key = String(k);
    rows.push([key, pct(s.passAtK[key]), ci(s.ci.passAtK[key]), pct(s.majAtK[key]), ci(s.ci.majAtK[key])]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  rows.forEach((r, i) => {
    lines.push(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  const inst = s.instability;
  lines.push(`latent accuracy (pass@n − pass@1): ${pct(inst.latent)}; unstable problems (solved sometimes, pass@1 < 50%): ${inst.unstable}`);
  for (const e of s.expect) lines.push(`expect ${e.metric} ≥ ${e.threshold}: ${e.passed ? 'ok' : `FAILED (${pct(e.actual)})`}`);
  lines.push(`run folder: ${s.runDir}`);
  return lines.join('\n') + '\n';
}
