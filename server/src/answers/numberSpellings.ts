// Number spellings that need both answers to read: a decimal comma (by what the other answer is), a decimal
// gold's precision, and a base numeral written without its base. answersEqual.ts calls these before it parses
// shapes.
import type { Parsed } from './answersEqual';
import * as Q from './rational';

/**
 * A decimal comma is read by context: "3,5" is 3.5 when the other answer is a single number, never when it is a
 * list or tuple; a comma before exactly three digits stays a thousands separator ("1,234" is 1234), and
 * "1.234,5" is the European grouping of 1234.5.
 */
const DECIMAL_COMMA = /^[-+]?(?:\d{1,3}(?:\.\d{3})+,\d+|0,\d+|\d+,(?!\d{3}$)\d+)$/;

export function decimalCommaEqual(G: Parsed, P: Parsed, equal: (gold: string, pred: string) => boolean): boolean {
  const swap = (x: Parsed) => x.cleaned.text.replace(/\s+/g, '').replace(/\.(?=\d{3}(?:[.,]|$))/g, '').replace(',', '.');
  const single = (x: Parsed) => x.answer.k === 'expr';
  // A comma followed by a space separates answers ("1, 2"), so the pattern is tested on the text as written.
  if (DECIMAL_COMMA.test(P.cleaned.text) && single(G) && !DECIMAL_COMMA.test(G.cleaned.text)) return equal(G.cleaned.text, swap(P));
  if (DECIMAL_COMMA.test(G.cleaned.text) && single(P) && !DECIMAL_COMMA.test(P.cleaned.text)) return equal(swap(G), P.cleaned.text);
  return false;
}

export function numbersEqual(g: string, p: string): boolean {
  const a = Q.parseDecimal(g);
  const b = Q.parseDecimal(p);
  if (!a || !b) return false;
  if (Q.eq(a, b)) return true;
  const places = decimalPlaces(g);
  return places > 0 && p.includes('.') && decimalPlaces(p) > places && Q.eq(Q.roundTo(b, places), a);
}

/** Decimal places of a gold decimal that carries real precision (18.0 is an integer written with ".0"). */
function decimalPlaces(s: string): number {
  const m = /\.(\d+)$/.exec(s);
  if (!m || /^0+$/.test(m[1]!)) return 0;
  return m[1]!.length;
}

/** A base numeral against its digits written without the base: 2A_{16} and 2A. */
export function bareDigits(B: Parsed, D: Parsed): boolean {
  const m = /^([0-9A-Za-z]+)_\{?\s*(?:\\text\{)?\d+\}?\s*\}?$/.exec(B.cleaned.text);
  return m !== null && /^[0-9A-Za-z]+$/.test(D.cleaned.text) && D.cleaned.text.toLowerCase() === m[1]!.toLowerCase();
}
