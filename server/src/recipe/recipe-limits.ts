// Limits a recipe must stay within before it is parsed at all. The language server parses recipes on its
// message loop for hover and completion, and YAML parsing costs about two seconds per megabyte on a busy
// machine, most of all for deeply nested flow collections (`[[[[…`); a recipe past a limit gets one positioned
// problem instead of a parse (docs/recipe-format.md, "Limits"). The scan below is one linear pass over the
// text and never allocates per character.
import type { Problem } from '../problems/problem';

/** Recipes longer than this many UTF-16 code units (about 1 MB of ASCII) are not analysed. */
export const MAX_RECIPE_CHARS = 1024 * 1024;
/** Flow collections (`[…]`, `{…}`) nested deeper than this are refused; real recipes nest two or three. */
export const MAX_FLOW_DEPTH = 64;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/**
 * The one problem of a recipe past a limit, or undefined. Brackets count only where YAML reads them as flow
 * indicators: inside a flow collection, or where a block value starts (after `:`, `-`, `?` or at a line's
 * start); brackets in quoted strings, comments, block scalars and plain words such as `\[(\d+)\]` do not.
 */
export function recipeLimitProblem(text: string): Problem | undefined {
  if (text.length > MAX_RECIPE_CHARS) {
    return {
      code: 'recipe/too-large',
      severity: 'error',
      message: `This recipe is ${(text.length / (1024 * 1024)).toFixed(1)} MB; passk analyses recipes up to ${MAX_RECIPE_CHARS / (1024 * 1024)} MB. Split it into several recipe files.`,
      span: { start: 0, end: 0 },
      data: { limit: MAX_RECIPE_CHARS, length: text.length },
    };
  }
  let depth = 0;
  /** The last character that was not blank on this line, or -1 at a line's start. */
  let prev = -1;
  let lineIndent = 0;
  let atLineStart = true;
  /** While > -1, lines indented deeper than this belong to a block scalar and are skipped. */
  let blockIndent = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (atLineStart) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) === SPACE) j++;
      const indent = j - i;
      const next = text.charCodeAt(j);
      if (blockIndent >= 0 && depth === 0) {
        const blank = j >= text.length || next === LF || next === CR;
        if (blank || indent > blockIndent) {
          const nl = text.indexOf('\n', j);
          if (nl < 0) break;
          i = nl;
          continue;
        }
        blockIndent = -1;
      }
      atLineStart = false;
      lineIndent = indent;
      prev = -1;
      i = j - 1;
      continue;
    }
    if (c === LF) {
      atLineStart = true;
      continue;
    }
    if (isBlank(c)) continue;
    if (c === 0x23 /* # */ && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    // Where a value may start: after `:`, `-`, `?` or at a line's start, and inside a flow collection also
    // after `,`, `[` and `{`.
    const starts = prev === -1 || prev === 0x3a || prev === 0x2d || prev === 0x3f || (depth > 0 && (prev === 0x2c || prev === 0x5b || prev === 0x7b));
    const quote = c === 0x22 || c === 0x27; // " or '
    if (quote && starts) {
      // A quoted scalar: skip to its closing quote (`\"` escapes a double quote, `''` is a single quote).
      let j = i + 1;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (c === 0x22 && d === 0x5c) j += 2;
        else if (c === 0x27 && d === c && text.charCodeAt(j + 1) === c) j += 2;
        else if (d === c) break;
        else j++;
      }
      i = j;
      prev = c;
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (depth > 0 || starts) {
        depth++;
        if (depth > MAX_FLOW_DEPTH) {
          return {
            code: 'recipe/too-deep',
            severity: 'error',
            message: `Flow collections ([…] or {…}) are nested more than ${MAX_FLOW_DEPTH} deep here; passk does not analyse recipes nested this deep. Write the value in block style or flatten it.`,
            span: { start: i, end: i + 1 },
            data: { limit: MAX_FLOW_DEPTH },
          };
        }
      }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    } else if ((c === 0x7c || c === 0x3e) && depth === 0 && (prev === 0x3a || prev === 0x2d || prev === -1) && blockHeaderEnds(text, i + 1)) {
      blockIndent = lineIndent;
    }
    prev = c;
  }
  return undefined;
}

/** After `|` or `>`: whether only block-scalar indicators (`+`, `-`, a digit), blanks and a comment follow up to the line's end. */
function blockHeaderEnds(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return true;
    if (c === 0x23 && isBlank(text.charCodeAt(i - 1))) return true;
    if (!(c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === SPACE || c === TAB)) return false;
  }
  return true;
}
