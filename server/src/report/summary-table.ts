// The terminal view of a run: one row per k with pass@k and maj@k and their intervals, then how much accuracy
// is latent (pass@n − pass@1) and how many problems are unstable, then any failed `expect` threshold. The
// summary is read through ./report-data, so a malformed summary.json prints gaps instead of failing. The
// provenance line says what produced the figures, and a stale run says so before any figure.
import type { RunSummary } from '../runs/run-summary';
import { ci, formatNumber, pct, terminalText } from './format';
import { provenanceLine, STALE_WARNING } from './provenance';
import { reportData } from './report-data';

export interface ReportOptions {
  /** The recipe changed since the run (the figures describe an older configuration). */
  stale?: boolean;
}

export function renderSummaryTable(s: RunSummary, opts: ReportOptions = {}): string {
  const d = reportData(s);
  const lines: string[] = [];
  const status = d.complete ? 'complete' : `incomplete: ${formatNumber(d.missing)} samples missing`;
  if (opts.stale) lines.push(STALE_WARNING);
  lines.push(`${d.entry} — ${d.model.name} (${d.model.id}) on ${d.dataset}: ${formatNumber(d.problems)} problems × ${formatNumber(d.samplesPerProblem)} samples (${status})`);
  lines.push(provenanceLine(s));
  const level = `${Math.round((d.ciLevel ?? 0.95) * 100)}% CI`;
  const rows: string[][] = [['k', 'pass@k', level, 'maj@k', level]];
  for (const f of d.figures) rows.push([String(f.k), pct(f.passAtK), ci(f.passCi), pct(f.majAtK), ci(f.majCi)]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  rows.forEach((r, i) => {
    lines.push(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  lines.push(`latent accuracy (pass@n − pass@1): ${pct(d.latent)}; unstable problems (solved sometimes, pass@1 < 50%): ${formatNumber(d.unstable)}`);
  for (const e of d.expect) lines.push(`expect ${e.metric} ≥ ${formatNumber(e.threshold)}: ${e.passed ? 'ok' : `FAILED (${pct(e.actual)})`}`);
  lines.push(`run folder: ${d.runDir}`);
  // Names, ids and paths come from run files and recipes: no line may carry terminal control characters.
  return lines.map(terminalText).join('\n') + '\n';
}
