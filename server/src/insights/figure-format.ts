// Short number and time formats for the editor's inline results. CodeLens titles and inlay hints sit inside
// code, so every figure is as compact as it can be while staying unambiguous: percentages with one decimal in
// lenses, two-decimal fractions on dataset lines, and a coarse "how long ago" instead of a timestamp.
import { percentText } from '../report/format';
import type { Interval } from '../stats';

/** `0.4123` → `41.2%`; a missing figure is an em dash so a title never says "NaN%". */
export function percent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${percentText(v, digits)}%`;
}

/** `0.3125` → `0.31`; used on dataset lines where a column of fractions is easier to scan than percentages. */
export function fraction(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2);
}

/** Half the width of an interval in percentage points (`± 2.1`), or undefined when there is no interval. */
export function halfWidthPoints(i: Interval | null | undefined): string | undefined {
  if (!i || !Number.isFinite(i.lo) || !Number.isFinite(i.hi)) return undefined;
  return (((i.hi - i.lo) / 2) * 100).toFixed(1);
}

/** "just now", "5 min ago", "2 h ago", "3 d ago"; an unreadable or future time reads "just now". */
export function ago(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return 'at an unknown time';
  const s = Math.max(0, (now - then) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** The largest k that has a figure (pass@k is null when k exceeds the samples), for "pass@64"-style headlines. */
export function largestK(figures: Record<string, number | null>): number | undefined {
  const ks = Object.keys(figures)
    .map(Number)
    .filter((k) => Number.isInteger(k) && figures[String(k)] !== null && figures[String(k)] !== undefined)
    .sort((a, b) => a - b);
  return ks[ks.length - 1];
}
