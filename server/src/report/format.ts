// Number and text formatting shared by the text table, the HTML report and JUnit output.
import type { Interval } from '../stats';

export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

export function ci(i: Interval | null | undefined): string {
  return i ? `[${pct(i.lo)}, ${pct(i.hi)}]` : '';
}

/** Escapes text for HTML and XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The k values a summary has figures for, in increasing order. */
export function summaryKs(s: { passAtK: Record<string, number | null> }): number[] {
  return Object.keys(s.passAtK).map(Number).filter(Number.isFinite).sort((a, b) => a - b);
}
