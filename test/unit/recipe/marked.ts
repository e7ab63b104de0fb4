// Test helper: recipe text with expected problem spans marked as ⟦…⟧ (characters that never occur in a
// recipe). `unmark` strips the markers and returns the spans in order, in offsets of the stripped text.
import type { Span } from '../../../server/src/problems/problem';

export function unmark(marked: string): { text: string; spans: Span[] } {
  let text = '';
  const spans: Span[] = [];
  const open: number[] = [];
  const starts: { idx: number; start: number }[] = [];
  for (const ch of marked) {
    if (ch === '⟦') {
      open.push(text.length);
      starts.push({ idx: spans.length, start: text.length });
      spans.push({ start: text.length, end: -1 });
    } else if (ch === '⟧') {
      const s = open.pop();
      if (s === undefined) throw new Error('unbalanced ⟧ in test text');
      const slot = [...starts].reverse().find((x) => spans[x.idx]!.end === -1)!;
      spans[slot.idx]!.end = text.length;
    } else text += ch;
  }
  if (open.length) throw new Error('unbalanced ⟦ in test text');
  return { text, spans };
}
