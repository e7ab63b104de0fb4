// Answer extraction. Every mode returns the answer text and its span in the output so the
// editor can highlight exactly what was graded. Extraction never throws: an invalid `regex:` pattern, an empty
// box or a truncated output all come back as `answer: null` ("no answer"), which graders count as unanswered.
import { compileRecipeRegex } from '../core/recipe-regex';
import { findBoxes } from './findBoxes';

export interface Extraction {
  answer: string | null;
  span?: { start: number; end: number };
  /** The mode that produced the answer (for `auto`, the rule that fired), or the requested mode on failure. */
  mode: string;
}

export const extractModes = ['auto', 'boxed', 'gsm8k', 'answer-is', 'last-number', 'none'] as const;

/** Outputs longer than this are only searched in their tail, which keeps extraction linear and bounded. */
const MAX_SCAN = 200_000;
const MAX_PHRASE = 1_000;

type Rule = (text: string) => Extraction | null | 'truncated';

export function extractAnswer(text: string, mode: string): Extraction {
  if (typeof text !== 'string') return { answer: null, mode };
  const offset = Math.max(0, text.length - MAX_SCAN);
  const scan = offset ? text.slice(offset) : text;
  const found = run(scan, mode);
  if (!found || !found.span) return found ?? { answer: null, mode };
  return { ...found, span: { start: found.span.start + offset, end: found.span.end + offset } };
}

function run(text: string, mode: string): Extraction | null {
  if (mode.startsWith('regex:')) return byRegex(text, mode.slice('regex:'.length), mode);
  // `none`: the text is the answer itself (a dataset field holding a bare answer).
  if (mode === 'none') return trimmed(text, 0, text.length, 'none');
  const rules: Rule[] | undefined = {
    // A bare "Answer:" label comes after the list and before the last-number fallback, which would
    // otherwise cut "Answer: \frac{3}{4}" down to 4.
    auto: [minerva, boxed, answerIs, finalAnswer, hashes, chinese, answerLabel, lastNumber],
    boxed: [boxed],
    gsm8k: [hashes],
    'answer-is': [answerIs, finalAnswer],
    'last-number': [lastNumber],
  }[mode];
  if (!rules) return { answer: null, mode };
  for (const rule of rules) {
    const r = rule(text);
    if (r === 'truncated') return { answer: null, mode };
    if (r) return r;
  }
  return { answer: null, mode };
}

/** Trims white space, enclosing `$…$` / `\(…\)`, and sentence punctuation, keeping the span in step. */
export function trimmed(text: string, start: number, end: number, mode: string): Extraction | null {
  let s = start;
  let e = end;
  for (let guard = 0; guard < 8; guard++) {
    const before = [s, e];
    while (s < e && /\s/.test(text[s]!)) s++;
    // A trailing period ends the sentence; a decimal point is never the last character of a number.
    while (e > s && /[\s.,;:!。]/.test(text[e - 1]!)) e--;
    if ((text.startsWith('$$', s) && text.slice(s, e).endsWith('$$')) || (text.startsWith('**', s) && text.slice(s, e).endsWith('**')))
      [s, e] = e - s >= 4 ? [s + 2, e - 2] : [s, e];
    else if (text[s] === '$' && text[e - 1] === '$' && e - s >= 2) [s, e] = [s + 1, e - 1];
    else if ((text.startsWith('\\(', s) && text.slice(s, e).endsWith('\\)')) || (text.startsWith('\\[', s) && text.slice(s, e).endsWith('\\]')))
      [s, e] = [s + 2, e - 2];
    if (before[0] === s && before[1] === e) break;
  }
  if (e <= s) return null;
  return { answer: text.slice(s, e), span: { start: s, end: e }, mode };
}

function lastMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    last = m;
    if (m[0].length === 0) re.lastIndex++;
  }
  return last;
}

/** Minerva's format: "Final Answer: The final answer is $…$. I hope it is correct." */
function minerva(text: string): Extraction | null {
  const m = lastMatch(/final answer is\s*\$((?:[^$]|\\\$)+?)\$\s*\.?\s*I hope it is correct/gi, text);
  if (!m) return null;
  const start = m.index + m[0].indexOf('$') + 1;
  return inner(text, start, start + m[1]!.length, 'minerva');
}

/** An answer phrase may itself hold a box; then the box content is the answer. */
function inner(text: string, start: number, end: number, mode: string): Extraction | null {
  const boxes = findBoxes(text.slice(start, end)).filter((b) => b.closed);
  const last = boxes[boxes.length - 1];
  if (last) return trimmed(text, start + last.start, start + last.end, mode);
  return trimmed(text, start, end, mode);
}

function boxed(text: string): Extraction | null | 'truncated' {
  const boxes = findBoxes(text);
  const last = boxes[boxes.length - 1];
  if (!last) return null;
  if (!last.closed) return 'truncated';
  const r = trimmed(text, last.start, last.end, 'boxed');
  // An empty box is the model declining to answer: no answer, and no fallback to a stray number.
  return r ?? 'truncated';
}

/** The rest of the phrase's line, stopping at a sentence end (a period not inside a number). */
function phrase(text: string, re: RegExp, mode: string): Extraction | null | 'truncated' {
  const m = lastMatch(re, text);
  if (!m) return null;
  const start = m.index + m[0].length;
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  // An answer phrase is short; capping the segment keeps the sentence search linear on huge one-line outputs.
  end = Math.min(end, start + MAX_PHRASE);
  const sentence = /\.(?=\s|$)(?![^$]*\$[^$]*$)/.exec(text.slice(start, end));
  const dollarOpen = text.slice(start, end).trimStart().startsWith('$');
  if (sentence && !dollarOpen) end = start + sentence.index;
  if (text.slice(start, end).trim() === '') return start >= text.trim().length ? 'truncated' : null;
  return inner(text, start, end, mode);
}

const answerIs: Rule = (t) => phrase(t, /the (?:final |correct )?answer is\s*[:：]?\s*/gi, 'answer-is');
const finalAnswer: Rule = (t) => phrase(t, /final answer\s*[:：]\s*/gi, 'final-answer');
const hashes: Rule = (t) => phrase(t, /####\s*/g, 'gsm8k');
const answerLabel: Rule = (t) => phrase(t, /(?:^|\n)\s*\**answer\**\s*[:：]\s*\**\s*/gi, 'answer-label');

function chinese(text: string): Extraction | null {
  const m = lastMatch(/答案(?:是|为)\s*[:：]?\s*/g, text);
  if (!m) return null;
  const start = m.index + m[0].length;
  const stop = /[。\n]/.exec(text.slice(start, start + MAX_PHRASE));
  return inner(text, start, stop ? start + stop.index : Math.min(text.length, start + MAX_PHRASE), 'answer-is');
}

const NUMBER = /-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*\/\s*\d+)?|-?\.\d+/g;

function lastNumber(text: string): Extraction | null {
  const m = lastMatch(NUMBER, text);
  if (!m) return null;
  return { answer: m[0], span: { start: m.index, end: m.index + m[0].length }, mode: 'last-number' };
}

/**
 * `regex:PATTERN`: the last match wins; its first capture group if it has one, else the whole match. The
 * pattern runs on RE2 (core/recipe-regex.ts), so a pattern like `^(a+)+$` costs linear time, not exponential.
 */
function byRegex(text: string, pattern: string, mode: string): Extraction | null {
  const re = compileRecipeRegex(pattern).value;
  if (!re) return { answer: null, mode };
  const m = re.last(text);
  if (!m) return { answer: null, mode };
  const group = m.groups.length > 1 && m.groups[1] !== undefined ? 1 : 0;
  const value = m.groups[group]!;
  const start = m.groupStarts[group]!;
  return trimmed(text, start, start + value.length, mode) ?? { answer: null, mode };
}

/**
 * Gold answers in dataset fields: `none` takes the field as the answer, `gsm8k` reads the text after `####` (thousands separators kept for the
 * comparer to drop), `boxed` the last box, and `auto` tries `####`, then a box, then takes the whole field as
 * the answer (datasets often store a bare answer).
 */
export function extractGold(raw: string, mode: string): Extraction {
  if (typeof raw !== 'string') return { answer: null, mode };
  if (mode === 'auto' || mode === 'gsm8k' || mode === 'boxed') {
    const h = mode !== 'boxed' ? hashes(raw) : null;
    if (h && h !== 'truncated') return { ...h, mode: 'gsm8k' };
    const b = mode !== 'gsm8k' ? boxed(raw) : null;
    if (b && b !== 'truncated') return { ...b, mode: 'boxed' };
    if (mode === 'auto') return trimmed(raw, 0, raw.length, 'whole') ?? { answer: null, mode };
    return { answer: null, mode };
  }
  return extractAnswer(raw, mode);
}
