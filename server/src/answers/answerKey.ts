// Canonical answer keys. Majority voting over n = 1024 samples must not compare every pair of answers: answers
// are first grouped by this key (exact rational value, or cleaned text), so equal numbers always share a key.
import { parsed } from './answersEqual';
import { exact } from './expr';
import * as Q from './rational';

/** A key that equal answers usually share; numbers that are equal always share it ("q:" + reduced fraction). */
export function answerKey(answer: string): string {
  if (typeof answer !== 'string') return 't:';
  const trimmed = answer.trim();
  const simple = /^-?\d+(?:\.\d+)?$/.test(trimmed) ? Q.parseDecimal(trimmed) : null;
  if (simple) return `q:${Q.toKey(simple)}`;
  try {
    const p = parsed(trimmed);
    if (p.answer.k === 'expr') {
      const v = exact(p.answer.e);
      if (v) return `q:${Q.toKey(p.cleaned.percent ? Q.div(v, { n: 100n, d: 1n })! : v)}`;
    }
    if (p.answer.k === 'text') return `t:${p.answer.s}`;
    return `s:${p.cleaned.text.replace(/\s+/g, '')}`;
  } catch {
    return `s:${trimmed}`;
  }
}
