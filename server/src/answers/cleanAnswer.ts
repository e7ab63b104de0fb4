// String clean-up before parsing: everything that changes how an answer is written but not what it says.
// Dollar signs, thousands separators, spacing commands, \left/\right, unit words and trailing periods go; a
// percent sign and a degree mark are remembered as flags because they carry meaning (25\% is 0.25, and 30° is
// not the radian number 30 in general, but is the same answer as a bare 30).
import { findBoxes } from './findBoxes';

export interface Cleaned {
  text: string;
  percent: boolean;
  degrees: boolean;
}

/** Answers longer than this are compared as text only: no real answer is this long, and parsing is skipped. */
export const MAX_ANSWER_LENGTH = 1500;

const UNIT_WORDS =
  /^(?:dollars?|cents?|units?|square|sq|cubic|feet|foot|ft|inch(?:es)?|in|yards?|yd|miles?|mi|meters?|metres?|m|cm|mm|km|kilometers?|centimeters?|millimeters?|grams?|g|kg|kilograms?|pounds?|lbs?|ounces?|oz|liters?|litres?|l|ml|gallons?|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?|mph|degrees?|people|persons?|students?|times|points?|pieces?|items?|apples?|eggs?|books?|cookies?|boxes?|marbles?|cars?|pages?|per|each|a|an|and|of|more|less|total|ways|numbers?|integers?|values?|solutions?|terms?|digits?)$/i;

const UNICODE_FRACTIONS: Record<string, string> = { '½': '1}{2', '⅓': '1}{3', '⅔': '2}{3', '¼': '1}{4', '¾': '3}{4', '⅕': '1}{5', '⅛': '1}{8' };

export function cleanAnswer(raw: string): Cleaned {
  let s = raw.trim();
  if (s.length > MAX_ANSWER_LENGTH) return { text: s, percent: false, degrees: false };
  // Markdown emphasis around an answer (**18**) is presentation, not content.
  s = unwrap(s.replace(/\*\*|__/g, '').replace(/^\*(.*)\*$/, '$1'));
  s = s
    .replace(/\\\$/g, '')
    // 5,\!525 is how MATH writes a thousands separator.
    .replace(/(\d),\\!(?=\d{3})/g, '$1')
    .replace(/\$/g, '')
    // Sizing commands go; an invisible delimiter (\left. or \right.) goes with its dot.
    .replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big|biggl|biggr)\s*(?:\.|(?=[^a-zA-Z]))/g, '')
    .replace(/\\(?:displaystyle|textstyle|scriptstyle|limits)/g, '')
    .replace(/(?<!\\)\\(?:!|,|;|:| |quad|qquad|enspace|thinspace)/g, ' ')
    .replace(/~/g, ' ')
    .replace(/\\[dt]frac/g, '\\frac')
    .replace(/\\[dt]binom/g, '\\binom')
    .replace(/\{\s*,\s*\}/g, ',')
    // Unicode vulgar fractions and superscripts, as chat models sometimes print them.
    .replace(/[½⅓⅔¼¾⅕⅛]/g, (c) => `\\frac{${UNICODE_FRACTIONS[c]}}`)
    .replace(/[²³]/g, (c) => (c === '²' ? '^{2}' : '^{3}'));
  let degrees = false;
  s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|°|\\degree|\\text\{\s*degrees?\s*\}|\s+degrees?$/g, () => {
    degrees = true;
    return '';
  });
  let percent = false;
  s = s.replace(/\\?%|\\text\{\s*(?:percent|percentage|pct)\s*\}|\s*\b(?:percent|percentage|pct)$/g, () => {
    percent = true;
    return '';
  });
  // "x = 2 or x = 3", "2 \text{ and } 3": connectives between answers are list separators.
  s = s.replace(/\\(?:text|mbox|textrm)\{\s*(?:or|and|,)\s*\}|\s+(?:or|and)\s+/g, ',');
  s = stripUnits(s.trim());
  s = s.replace(/[\s.。]+$/, '').replace(/^[\s]+/, '');
  const compact = s.replace(/\s+/g, '');
  if (/^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(compact)) s = compact.replace(/,/g, '');
  else if (/^[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) s = compact;
  return { text: s.replace(/\s+/g, ' ').trim(), percent, degrees };
}

/** Removes enclosing math delimiters and a whole-answer \boxed{…}, repeatedly. */
function unwrap(s: string): string {
  for (let guard = 0; guard < 6; guard++) {
    const before = s;
    s = s.trim();
    if (s.startsWith('$$') && s.endsWith('$$') && s.length >= 4) s = s.slice(2, -2);
    else if (s.startsWith('$') && s.endsWith('$') && s.length >= 2) s = s.slice(1, -1);
    else if ((s.startsWith('\\(') && s.endsWith('\\)')) || (s.startsWith('\\[') && s.endsWith('\\]'))) s = s.slice(2, -2);
    const boxes = findBoxes(s);
    if (boxes.length === 1 && boxes[0]!.closed && /^\\(?:boxed|fbox)\s*\{?$/.test(s.slice(0, boxes[0]!.start)) && s.slice(boxes[0]!.end).trim() === '}')
      s = s.slice(boxes[0]!.start, boxes[0]!.end);
    if (s === before) break;
  }
  return s.trim();
}

/**
 * Drops trailing units after a number: "18 dollars", "5\text{ cm}^2", "12 square feet". Only words from a
 * known list are dropped, so a text answer or a variable name is never cut.
 */
function stripUnits(s: string): string {
  for (let guard = 0; guard < 4; guard++) {
    const text = /^(.*?[\d}a-zA-Z)])\s*\\(?:text|mbox|mathrm|textrm|textit|textbf)\{\s*([^{}]*)\}\s*(?:\^\s*\{?\d\}?)?$/.exec(s);
    if (text && /\d/.test(text[1]!) && text[2]!.split(/\s+/).filter(Boolean).every((w) => UNIT_WORDS.test(w.replace(/[.,]$/, '')))) {
      s = text[1]!.trim();
      continue;
    }
    const word = /^(.*(?:\d|\}|\\[a-zA-Z]+))\s+([a-zA-Z]+(?:\s+[a-zA-Z]+)*)\.?\s*(?:\^\s*\{?\d\}?)?$/.exec(s);
    if (word && /\d/.test(word[1]!) && word[2]!.split(/\s+/).every((w) => UNIT_WORDS.test(w))) {
      s = word[1]!.trim();
      continue;
    }
    break;
  }
  return s;
}

/** Text answers: case, articles, \text wrappers and punctuation do not matter. */
export function normalizeText(s: string): string {
  return s
    .replace(/\\(?:text|textbf|textit|mathrm|mbox|mathbf|textrm|emph)\{([^{}]*)\}/g, '$1')
    .replace(/[{}$\\]/g, '')
    .toLowerCase()
    .replace(/[.,;:!?"'`()]/g, ' ')
    .replace(/\b(?:the|a|an)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
