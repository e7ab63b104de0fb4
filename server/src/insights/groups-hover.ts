// The hover on an evaluation's `groupBy`: the breakdown tables of the entry's run (the summary's `groups`), one
// per field, each value with its problem count and pass@1 / pass@N / maj@N with intervals. Markdown only; the LSP
// layer places it.
import type { RunSummary } from '../runs/run-summary';
import { STALE_WARNING } from '../report/provenance';
import { percent } from './figure-format';

/** Markdown table cells cannot hold a pipe or a line break; group values come from a stranger's dataset. */
const cell = (s: string): string => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\s+/g, ' ').slice(0, 80);

function withCi(v: number | null | undefined, ci: { lo: number; hi: number } | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return ci ? `${percent(v)} [${percent(ci.lo)}, ${percent(ci.hi)}]` : percent(v);
}

/** Undefined when the run has no breakdowns (a run made before `groupBy` was added, say). */
export function groupsHoverMarkdown(entry: string, summary: RunSummary, current: boolean): string | undefined {
  if (!summary.groups?.length) return undefined;
  const ks = Object.keys(summary.passAtK).map(Number).filter((k) => Number.isInteger(k) && k > 0);
  const n = ks.length ? Math.max(...ks) : 1;
  const parts = [`**${cell(entry)}** — figures by group (${summary.problems} problems × ${summary.samplesPerProblem} samples)`];
  if (!current) parts.push(`*${STALE_WARNING}*`);
  for (const g of summary.groups) {
    const head = `| ${cell(g.field)} | problems | pass@1 | ${n === 1 ? '' : `pass@${n} | `}maj@${n} |`;
    const rule = `|---|---:|---:|${n === 1 ? '' : '---:|'}---:|`;
    const rows = g.rows.map((r) => `| ${cell(r.value)} | ${r.problems} | ${withCi(r.passAtK['1'], r.ci.passAtK['1'])} | ${n === 1 ? '' : `${withCi(r.passAtK[String(n)], r.ci.passAtK[String(n)])} | `}${withCi(r.majAtK[String(n)], r.ci.majAtK[String(n)])} |`);
    parts.push([head, rule, ...rows].join('\n'));
  }
  return parts.join('\n\n');
}
