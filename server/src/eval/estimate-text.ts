// The one-line form of a run estimate, shared by the editor's lens before ▶ Run and `passk eval --dry-run`:
// "≈ 2 638 requests · 412k prompt tokens · ≤ $3.10 · ≥ 4m12s". Figures the recipe cannot give (no `price`, no
// rate limit) are left out rather than guessed.
import type { RunEstimate } from './run-estimate';

/** 1234 → "1 234"; 1 234 567 → "1.23M"; 412 000 → "412k". */
export function compactCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)}B`;
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e5) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ' ');
}

export function dollars(v: number): string {
  if (v === 0) return '$0';
  if (v < 0.01) return '<$0.01';
  return v < 100 ? `$${v.toFixed(2)}` : `$${Math.round(v).toLocaleString('en-US')}`;
}

export function duration(sec: number): string {
  if (sec < 1) return '<1s';
  if (sec < 60) return `${Math.round(sec)}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m${String(Math.round(sec % 60)).padStart(2, '0')}s`;
  return `${Math.floor(sec / 3600)}h${String(Math.round((sec % 3600) / 60)).padStart(2, '0')}m`;
}

export function estimateTitle(e: RunEstimate): string {
  if (e.requests === 0) return 'all samples stored · no request';
  const parts = [`≈ ${compactCount(e.requests)} request${e.requests === 1 ? '' : 's'}`, `${compactCount(e.promptTokens)} prompt tokens`, `≤ ${compactCount(e.maxCompletionTokens)} completion tokens`];
  if (e.cost) parts.push(`≤ ${dollars(e.cost.max)}`);
  if (e.seconds && e.seconds.min > 0) parts.push(`≥ ${duration(e.seconds.min)}`);
  return parts.join(' · ');
}
