// Answer extraction. Every mode returns the answer text and its span in the output so the
// editor can highlight exactly what was graded. Extraction never throws: an invalid `regex:` pattern, an empty
// box or a truncated output all come back as `answer: null` ("no answer"), which graders count as unanswered.
import { compileRecipeRegex } from '../text/recipe-regex';
import { parsed } from './answersEqual';
import { UNIT_WORDS } from './cleanAnswer';
import { findBoxes } from './findBoxes';
import { numberWords } from './numberWords';

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

type Rule = (text: string, gold: string | undefined) => Extraction | null | 'truncated';

/**
 * The one extraction path `passk grade`, `eval` and synthesis share (docs/grading.md). `gold`, when known, only
 * decides how several boxes are read: all boxes of the last group form the answer when the gold has several
 * parts, otherwise the last box alone.
 */
export function extractAnswer(text: string, mode: string, gold?: string): Extraction {
  if (typeof text !== 'string') return { answer: null, mode };
  const offset = Math.max(0, text.length - MAX_SCAN);
  const scan = offset ? text.slice(offset) : text;
  const found = run(scan, mode, typeof gold === 'string' ? gold : undefined);
  if (!found || !found.span) return found ?? { answer: null, mode };
  return { ...found, span: { start: found.span.start + offset, end: found.span.end + offset } };
}

function run(text: string, mode: string, gold: string | undefined): Extraction | null {
  if (mode.startsWith('regex:')) return byRegex(text, mode.slice('regex:'.length), mode);
  // `none`: the text is the answer itself (a dataset field holding a bare answer).
  if (mode === 'none') return trimmed(text, 0, text.length, 'none');
  const rules: Rule[] | undefined = {
    // A bare "Answer:" label comes after the list and before the last-number fallback, which would
    // otherwise cut "Answer: \frac{3}{4}" down to 4.
    // Evidence first (a box, an answer phrase, a label); then a reply with no such evidence is either a bare
    // answer (only math, numbers, units and connectives) or prose, whose answer is its last math span or number.
    auto: [minerva, boxed, answerIs, finalAnswer, hashes, chinese, answerLabel, bare, lastMathOrNumber],
    boxed: [boxed],
    gsm8k: [hashes],
    'answer-is': [answerIs, finalAnswer],
    'last-number': [lastNumber],
  }[mode];
  if (!rules) return { answer: null, mode };
  for (const rule of rules) {
    const r = rule(text, gold);
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

/**
 * An answer phrase may itself hold a box; then the box content is the answer. A phrase that is a sentence
 * ("Final Answer: The volume of $ABCD$ is 120.") gives its last math span or number, as prose does.
 */
function inner(text: string, start: number, end: number, mode: string): Extraction | null {
  const boxes = findBoxes(text.slice(start, end)).filter((b) => b.closed);
  const last = boxes[boxes.length - 1];
  if (last) return trimmed(text, start + last.start, start + last.end, mode);
  const whole = trimmed(text, start, end, mode);
  if (!whole || bare(whole.answer!)) return whole;
  const found = lastMathOrNumber(text.slice(start, end));
  if (!found || !found.span) return whole;
  return trimmed(text, start + found.span.start, start + found.span.end, mode) ?? whole;
}

/** Passed as the gold when every box of the last group is wanted (a gold field itself). */
const MANY = '\u0000many';

function boxed(text: string, gold?: string): Extraction | null | 'truncated' {
  const boxes = findBoxes(text);
  const last = boxes[boxes.length - 1];
  if (!last) return null;
  if (!last.closed) return 'truncated';
  if (gold !== undefined && boxes.length > 1 && (gold === MANY || goldParts(gold) > 1)) {
    const group = lastBoxGroup(text, boxes);
    if (group.length > 1) {
      const parts = group.map((b) => text.slice(b.start, b.end).trim()).filter((x) => x !== '');
      return { answer: parts.join(', '), span: { start: group[0]!.start, end: last.end }, mode: 'boxed' };
    }
  }
  const r = trimmed(text, last.start, last.end, 'boxed');
  // An empty box is the model declining to answer: no answer, and no fallback to a stray number.
  return r ?? 'truncated';
}

/** How many answers a gold holds: a list or set of n items, a union of n parts, or one. */
function goldParts(gold: string): number {
  const a = parsed(gold).answer;
  return a.k === 'list' && !a.ordered ? a.items.length : a.k === 'union' ? a.parts.length : 1;
}

/** Only punctuation, math delimiters and "and"/"or" between two boxes make them one group. */
// A label naming the next value ("y_2 =") may sit between them too.
const BETWEEN_BOXES = /^(?:[\s$,;.]|\\[,;:! ]|\\quad|\\qquad|\\text\{\s*(?:and|or|,)\s*\}|\\[()[\]]|\band\b|\bor\b|}\s*\$?|[a-zA-Z](?:_\{?\w{1,3}\}?)?\s*=)*$/;

function lastBoxGroup(text: string, boxes: ReturnType<typeof findBoxes>): ReturnType<typeof findBoxes> {
  const group = [boxes[boxes.length - 1]!];
  for (let i = boxes.length - 2; i >= 0; i--) {
    const b = boxes[i]!;
    const between = text.slice(b.end, group[0]!.start).replace(/\\(?:boxed|fbox)\s*\{?$/, '');
    if (!b.closed || between.length > 40 || !BETWEEN_BOXES.test(between)) break;
    group.unshift(b);
  }
  return group;
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
  const lead = text.slice(start, end).length - text.slice(start, end).trimStart().length;
  const dollarOpen = text.startsWith('$', start + lead);
  if (sentence && !dollarOpen) end = start + sentence.index;
  if (dollarOpen) {
    // "The answer is $42$. This follows because …": the answer is the math span, not the rest of the line.
    const delim = text.startsWith('$$', start + lead) ? '$$' : '$';
    const close = text.indexOf(delim, start + lead + delim.length);
    if (close !== -1 && close < end) end = close + delim.length;
  }
  if (text.slice(start, end).trim() === '') return start >= text.trim().length ? 'truncated' : null;
  return inner(text, start, end, mode);
}

const answerIs: Rule = (t) => phrase(t, /the (?:final |correct )?answer is\s*[:：]?\s*/gi, 'answer-is');
// Markdown emphasis may sit around the label or its colon: "**Final Answer:** 42", "**Final Answer**: 42".
const finalAnswer: Rule = (t) => phrase(t, /final answer\s*\**\s*[:：]\s*\**\s*/gi, 'final-answer');
const hashes: Rule = (t) => phrase(t, /####\s*/g, 'gsm8k');
const answerLabel: Rule = (t) => phrase(t, /(?:^|\n)\s*\**answer\**\s*[:：]\s*\**\s*/gi, 'answer-label');

function chinese(text: string): Extraction | null {
  const m = lastMatch(/答案(?:是|为)\s*[:：]?\s*/g, text);
  if (!m) return null;
  const start = m.index + m[0].length;
  const stop = /[。\n]/.exec(text.slice(start, start + MAX_PHRASE));
  return inner(text, start, stop ? start + stop.index : Math.min(text.length, start + MAX_PHRASE), 'answer-is');
}

// A decimal comma ("2,74") is one or two digits after a comma; three digits are a thousands group.
const NUMBER = /(?<![A-Za-z])-?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+,\d{1,2}(?![\d,])|\d+)(?:\.\d+)?(?:\s*\/\s*\d+)?|-?\.\d+/g;

function lastNumber(text: string): Extraction | null {
  const m = lastMatch(NUMBER, text);
  if (!m) return null;
  return { answer: m[0], span: { start: m.index, end: m.index + m[0].length }, mode: 'last-number' };
}

/** Two-letter words that only occur in prose; longer words are prose unless they are units or math words. */
const PROSE_SHORT = /^(?:is|so|we|it|to|be|as|at|by|if|on|am|my|he|me|us|do|no|of)$/i;
const BARE_WORDS = /^(?:or|and|option|pi|inf|infty|infinity|sqrt|sin|cos|tan|sec|csc|cot|log|ln|exp|arcsin|arccos|arctan|sinh|cosh|tanh|abs|floor|ceil|mod|choose|over)$/i;

/**
 * A reply with no answer phrase is a bare answer when every word outside math is a unit, a number word, a
 * math word or a connective ("18 dollars", "x = 2 or x = 3", "forty-two"), or when it is a short text with no
 * number at all ("Monday", "all real numbers"). Anything else is prose.
 */
function bare(text: string): Extraction | null {
  const t = text.trim();
  if (t === '' || t.length > 300 || /\n\s*\n/.test(t)) return null;
  const outside = t.replace(/\$[^$]*\$|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]/g, ' ').replace(/\\[a-zA-Z]+(?:\{[^{}]*\})?/g, ' ');
  const words = outside.match(/[A-Za-z]{2,}/g) ?? [];
  const prose = words.filter((w) => (w.length === 2 ? PROSE_SHORT.test(w) : !BARE_WORDS.test(w) && !UNIT_WORDS.test(w) && numberWords(w) === null));
  const shortText = !/[\d$]|\\[([]/.test(t) && words.length <= 4 && !/[.!?:]\s+\S/.test(t);
  if (prose.length > 0 && !shortText) return null;
  return trimmed(text, 0, text.length, 'bare');
}

/**
 * Inline math spans: a \$ that opens is followed by a non-space, one that closes follows a non-space and is
 * not followed by a digit, so currency ("$350 and a coat for $1,000") is never read as math. A span padded
 * with spaces on both sides ("$ \begin{pmatrix}…\end{pmatrix} $") counts when it holds a LaTeX command.
 */
function lastMathSpan(text: string): { start: number; end: number } | null {
  let found: { start: number; end: number } | null = null;
  const display = /\\\[([\s\S]*?)\\\]|\\\(([\s\S]*?)\\\)|\$\$([\s\S]*?)\$\$/g;
  let m: RegExpExecArray | null;
  while ((m = display.exec(text))) found = { start: m.index + 2, end: m.index + m[0].length - 2 };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$' || text[i - 1] === '\\' || text[i + 1] === '$' || text[i - 1] === '$') continue;
    if (i + 1 >= text.length) continue;
    const padded = /\s/.test(text[i + 1]!);
    let j = i + 1;
    for (; j < text.length; j++) {
      if (text[j] === '$' && text[j - 1] !== '\\' && /\s/.test(text[j - 1]!) === padded && !/\d/.test(text[j + 1] ?? '')) break;
      if (text[j] === '\n' && text[j + 1] === '\n') {
        j = text.length;
        break;
      }
    }
    if (j >= text.length) continue;
    if (padded && !text.slice(i + 1, j).includes('\\')) continue;
    if (!found || j > found.end) found = { start: i + 1, end: j };
    i = j;
  }
  return found;
}

/** Prose: whichever ends later, its last math span or its last number. */
function lastMathOrNumber(text: string): Extraction | null {
  const span = lastMathSpan(text);
  const num = lastNumber(text);
  if (span && (!num || span.end >= num.span!.end)) return trimmed(text, span.start, span.end, 'inline-math') ?? num;
  return num;
}

/**
 * `regex:PATTERN`: the last match wins; its first capture group if it has one, else the whole match. The
 * pattern runs on RE2 (text/recipe-regex.ts), so a pattern like `^(a+)+$` costs linear time, not exponential.
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
    const h = mode !== 'boxed' ? hashes(raw, undefined) : null;
    if (h && h !== 'truncated') return { ...h, mode: 'gsm8k' };
    // A gold written as several boxes in a row ("\boxed{1} and \boxed{2}") is all of them.
    const b = mode !== 'gsm8k' ? boxed(raw, MANY) : null;
    if (b && b !== 'truncated') return { ...b, mode: 'boxed' };
    if (mode === 'auto') {
      // A field that is a bare answer is the answer; one written as a worked solution is read like an output.
      if (bare(raw)) return trimmed(raw, 0, raw.length, 'whole') ?? { answer: null, mode };
      const r = run(raw, 'auto', undefined);
      return r && r.answer !== null ? r : trimmed(raw, 0, raw.length, 'whole') ?? { answer: null, mode };
    }
    return { answer: null, mode };
  }
  return extractAnswer(raw, mode);
}
