// Number and text formatting shared by the text table, the HTML report and JUnit output. Summaries are read
// from disk, so a figure declared a number may be anything; the formatters refuse all but finite numbers.
import type { Interval } from '../stats';

/** A number as text: '—' for a missing value (null, undefined, NaN), '?' for anything but a finite number. */
export function formatNumber(v: unknown, digits?: number): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '—';
  if (typeof v !== 'number' || !Number.isFinite(v)) return '?';
  return digits === undefined ? String(v) : v.toFixed(Math.max(0, Math.min(20, Math.trunc(digits))));
}

/**
 * `100 v` rounded for printing. Figures that are equal in exact arithmetic (maj@1 and pass@1, a mean of many
 * fractions) can differ in the last bit and land on both sides of a rounding boundary (16.249999… against 16.25);
 * a nudge far below the printed precision makes them print the same. `passk score`, the report and the editor
 * all print through this.
 */
export function percentText(v: number, digits = 1): string {
  const d = Math.max(0, Math.min(20, Math.trunc(digits)));
  return (v * 100 + (v >= 0 ? 1e-9 : -1e-9)).toFixed(d);
}

/** A fraction as a percentage, with the refusals of `formatNumber`. */
export function formatPercent(v: unknown, digits = 1): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${percentText(v, digits)}%` : formatNumber(v);
}

export function pct(v: number | null | undefined, digits = 1): string {
  return formatPercent(v, digits);
}

export function ci(i: Interval | null | undefined): string {
  return i ? `[${pct(i.lo)}, ${pct(i.hi)}]` : '';
}

/** The k values a summary has figures for, in increasing order. */
export function summaryKs(s: { passAtK: Record<string, number | null> }): number[] {
  return Object.keys(s.passAtK).map(Number).filter(Number.isFinite).sort((a, b) => a - b);
}

// C0 and C1 control characters (but tab) and the bidirectional overrides and isolates. A stranger's run folder or
// recipe can put them into names and answers; printed as they are, they would move the cursor, recolour or clear
// the terminal, or reorder what a reader sees.
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of terminal output with every control and direction-override character shown as `\u{…}`. */
export function terminalText(s: string): string {
  return s.replace(UNPRINTABLE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
