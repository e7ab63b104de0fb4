// String clean-up before parsing: everything that changes how an answer is written but not what it says.
// Dollar signs, thousands separators, spacing commands, \left/\right, unit words and trailing periods go; a
// percent sign and a degree mark are remembered as flags because they carry meaning (25\% is 0.25, and 30° is
// not the radian number 30 in general, but is the same answer as a bare 30).
import { findBoxes } from './findBoxes';
import { numberWords } from './numberWords';

export interface Cleaned {
  text: string;
  percent: boolean;
  degrees: boolean;
  /**
   * The measurement unit that was dropped ("cm", "kg^2"), canonical, or '' when none was. Units are dropped so
   * "12 cm" equals a bare 12; two answers that both name a unit must name the same one (docs/grading.md).
   */
  unit: string;
}

/** Answers longer than this are compared as text only: no real answer is this long, and parsing is skipped. */
export const MAX_ANSWER_LENGTH = 1500;

export const UNIT_WORDS =
  /^(?:dollars?|cents?|units?|square|sq|cubic|feet|foot|ft|inch(?:es)?|in|yards?|yd|miles?|mi|meters?|metres?|m|cm|mm|km|kilometers?|centimeters?|millimeters?|grams?|g|kg|kilograms?|pounds?|lbs?|ounces?|oz|liters?|litres?|l|ml|gallons?|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?|mph|degrees?|people|persons?|students?|times|points?|pieces?|items?|apples?|eggs?|books?|cookies?|boxes?|marbles?|cars?|pages?|per|each|a|an|and|of|more|less|total|ways|numbers?|integers?|values?|solutions?|terms?|digits?)$/i;

const UNICODE_FRACTIONS: Record<string, string> = { '½': '1}{2', '⅓': '1}{3', '⅔': '2}{3', '¼': '1}{4', '¾': '3}{4', '⅕': '1}{5', '⅛': '1}{8' };

export function cleanAnswer(raw: string): Cleaned {
  let s = raw.trim();
  if (s.length > MAX_ANSWER_LENGTH) return { text: s, percent: false, degrees: false, unit: '' };
  // Markdown emphasis around an answer (**18**) is presentation, not content.
  s = unwrap(s.replace(/\*\*|__/g, '').replace(/^\*(.*)\*$/, '$1'));
  // A whole answer spelled in number words ("forty-two", "\text{seven}") is that number.
  if (/^(?:\\text\{)?[A-Za-z][A-Za-z\s-]*\}?\.?$/.test(s)) {
    const n = numberWords(s.replace(/^\\text\{|\}?\.?$/g, ''));
    if (n !== null) s = String(n);
  }
  // The rarer rewrites below are guarded by a cheap test first: this function runs for every graded answer.
  if (s.includes('.') && /\\(?:overline|bar|dot)|\(/.test(s)) s = repeatingDecimals(s);
  // "\\le" (a doubled backslash from an over-escaped string) outside a matrix means the command \le.
  if (s.includes('\\\\') && !s.includes('\\begin')) s = s.replace(/\\\\(?=[a-zA-Z])/g, '\\');
  if (s.includes('\\over') || s.includes('\\choose'))
    // TeX's infix forms: {a \over b} and {n \choose k}.
    s = s
      .replace(/\{([^{}]*)\\over(?![a-zA-Z])([^{}]*)\}/g, '\\frac{$1}{$2}')
      .replace(/\{([^{}]*)\\choose(?![a-zA-Z])([^{}]*)\}/g, '\\binom{$1}{$2}');
  // Currency signs are presentation like the dollar sign.
  if (/[€£¥]|\\euro|\\pounds/.test(s)) s = s.replace(/[€£¥]|\\euro\b|\\pounds\b/g, '');
  s = s
    .replace(/\\\$/g, '')
    // 5,\!525 is how MATH writes a thousands separator.
    .replace(/(\d),\\!\s*(?=\d{3})/g, '$1')
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
  // Inside a trigonometric function a degree mark is a unit to convert: \sin 30^\circ is \sin(30π/180).
  if ((s.includes('circ') || s.includes('°') || s.includes('degree')) && /(?:sin|cos|tan|sec|csc|cot)/.test(s))
    s = s.replace(/(\d+(?:\.\d+)?)\s*(?:\^\s*\{?\s*\\circ\s*\}?|°|\\degree)/g, '{($1\\pi/180)}');
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
  s = s.replace(/\\(?:text|mbox|textrm)\{\s*(?:or|and|,)\s*\}|\s+(?:or|and)\s+|(?<=\))\s*or\s*(?=\()/g, ',');
  const units: string[] = [];
  s = stripUnits(s.trim(), units);
  s = s.replace(/[\s.。]+$/, '').replace(/^[\s]+/, '');
  // A thousands group never follows a leading 0 ("0,111" is a decimal comma) and never follows ", " ("32, 349"
  // lists two numbers).
  const compact = s.replace(/\s+/g, '');
  if (/^[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(s.replace(/\s+(?=,)/g, ''))) s = compact.replace(/,/g, '');
  else if (/^[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) s = compact;
  return { text: s.replace(/\s+/g, ' ').trim(), percent, degrees, unit: canonicalUnit(units) };
}

/**
 * Repeating decimals as exact fractions: 0.\overline{3}, 0.1\bar{6} and a whole answer written 0.(3). The
 * repetend r after the fixed digits f of x.f is (x f r − x f) / ((10^|r| − 1) · 10^|f|).
 */
function repeatingDecimals(s: string): string {
  const toFrac = (sign: string, int: string, fixed: string, rep: string): string => {
    const all = BigInt((int || '0') + fixed + rep);
    const head = BigInt((int || '0') + fixed);
    const den = (10n ** BigInt(rep.length) - 1n) * 10n ** BigInt(fixed.length);
    return `${sign}\\frac{${all - head}}{${den}}`;
  };
  const paren = /^(-?)(\d*)\.(\d*)\((\d{1,12})\)$/.exec(s);
  if (paren) return toFrac(paren[1]!, paren[2]!, paren[3]!, paren[4]!);
  return s.replace(/(-?)(\d*)\.(\d{0,12})\\(?:overline|bar|dot)\s*\{(\d{1,12})\}/g, (_m, sign: string, int: string, fixed: string, rep: string) =>
    `{${toFrac(sign, int, fixed, rep)}}`);
}

/** Spellings of the same measurement unit, so "5 cm" and "5 centimeters" agree while "5 cm" and "5 m" do not. */
const MEASURES: Record<string, string> = {
  m: 'm', meter: 'm', meters: 'm', metre: 'm', metres: 'm', cm: 'cm', centimeter: 'cm', centimeters: 'cm', mm: 'mm',
  millimeter: 'mm', millimeters: 'mm', km: 'km', kilometer: 'km', kilometers: 'km', g: 'g', gram: 'g', grams: 'g',
  kg: 'kg', kilogram: 'kg', kilograms: 'kg', ft: 'ft', foot: 'ft', feet: 'ft', in: 'in', inch: 'in', inches: 'in',
  yd: 'yd', yard: 'yd', yards: 'yd', mi: 'mi', mile: 'mi', miles: 'mi', l: 'l', liter: 'l', liters: 'l', litre: 'l',
  litres: 'l', ml: 'ml', s: 's', sec: 's', secs: 's', second: 's', seconds: 's', min: 'min', mins: 'min', minute: 'min',
  minutes: 'min', h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h', day: 'day', days: 'day', week: 'week', weeks: 'week',
  year: 'year', years: 'year', lb: 'lb', lbs: 'lb', pound: 'lb', pounds: 'lb', oz: 'oz', ounce: 'oz', ounces: 'oz',
};

/** The canonical measurement unit among dropped words ('' when none is one); area and volume words count as powers. */
function canonicalUnit(words: string[]): string {
  let unit = '';
  let power = '';
  for (const w of words) {
    const m = /^([a-z]+)(?:\^(\d))?$/i.exec(w);
    if (!m) continue;
    const word = m[1]!.toLowerCase();
    if (word === 'square' || word === 'sq') power = '2';
    else if (word === 'cubic') power = '3';
    else if (MEASURES[word]) {
      unit = MEASURES[word]!;
      if (m[2]) power = m[2];
    }
  }
  return unit && power ? `${unit}^${power}` : unit;
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
function stripUnits(s: string, dropped: string[]): string {
  for (let guard = 0; guard < 4; guard++) {
    const text = /^(.*?[\d}a-zA-Z)])\s*\\(?:text|mbox|mathrm|textrm|textit|textbf|textnormal)\{\s*([^{}]*)\}\s*(?:\^\s*\{?(\d)\}?)?$/.exec(s);
    if (text && /\d/.test(text[1]!) && text[2]!.split(/\s+/).filter(Boolean).every((w) => UNIT_WORDS.test(w.replace(/[.,]$/, '')))) {
      s = text[1]!.trim();
      dropped.push(...unitWords(text[2]!, text[3]));
      continue;
    }
    const word = /^(.*(?:\d|\}|\\[a-zA-Z]+))\s+([a-zA-Z]+(?:\s+[a-zA-Z]+)*)\.?\s*(?:\^\s*\{?(\d)\}?)?$/.exec(s);
    if (word && /\d/.test(word[1]!) && word[2]!.split(/\s+/).every((w) => UNIT_WORDS.test(w))) {
      s = word[1]!.trim();
      dropped.push(...unitWords(word[2]!, word[3]));
      continue;
    }
    break;
  }
  return s;
}

/** The dropped words, the last one carrying the power written after it (cm^2). */
function unitWords(words: string, power: string | undefined): string[] {
  const ws = words.split(/\s+/).filter(Boolean).map((w) => w.replace(/[.,]$/, ''));
  if (power && ws.length) ws[ws.length - 1] += `^${power}`;
  return ws;
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
