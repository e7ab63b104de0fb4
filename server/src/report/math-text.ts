// Text with LaTeX math in it ("Find $x$ if $$x^2 = 4$$"), as markup: the prose escaped, each math span rendered
// ahead of time by KaTeX to MathML, which the browser lays out with no script, font or style sheet, and which
// html.ts accepts only after checking it against its MathML allow-lists. KaTeX runs without `trust` (no links,
// images or classes from the source), with its macro expansion bounded, and each span is capped in length, so a
// stranger's dataset cannot make rendering slow; a span that does not parse stays as its source text.
import katex from 'katex';
import { el, fragment, verifiedMathMl, type Html } from './html';

/** Longest math span rendered; a longer one is shown as its source. */
const MAX_SPAN = 2000;
/** Most math spans rendered in one text; the rest are shown as their source. */
const MAX_SPANS = 200;

// $$…$$, \[…\], \(…\) and $…$ (not an escaped \$, and a single $ must not span a blank line).
const MATH = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|(?<!\\)\$((?:[^$\\\n]|\\[\s\S]|\n(?!\s*\n))+?)\$/g;

export function mathSpan(tex: string, display: boolean): Html | null {
  if (tex.length > MAX_SPAN) return null;
  let markup: string;
  try {
    markup = katex.renderToString(tex, { output: 'mathml', displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxExpand: 200, maxSize: 20 });
  } catch {
    return null;
  }
  return verifiedMathMl(markup);
}

export function mathText(text: string): Html {
  const parts: (Html | string)[] = [];
  let last = 0;
  let spans = 0;
  for (const m of text.matchAll(MATH)) {
    if (spans++ >= MAX_SPANS) break;
    const tex = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    const display = m[1] !== undefined || m[2] !== undefined;
    const rendered = mathSpan(tex, display);
    if (!rendered) continue; // left in place: it is part of the plain text that follows
    parts.push(text.slice(last, m.index), display ? el('div', { class: 'math' }, rendered) : rendered);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return fragment(...parts);
}
