// Finds \boxed{…} and \fbox{…} groups with nested braces. A box that never closes marks a truncated output: the
// model ran out of tokens while writing its answer, which is "no answer", not a wrong one.

export interface BoxMatch {
  /** Offsets of the content inside the braces (or of the bare token after `\boxed `). */
  start: number;
  end: number;
  closed: boolean;
}

const BOX = /\\(?:boxed|fbox)\s*(\{|\s+(?=[^\s{]))/g;

export function findBoxes(text: string): BoxMatch[] {
  const out: BoxMatch[] = [];
  BOX.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOX.exec(text))) {
    const after = m.index + m[0].length;
    if (m[1] === '{') {
      let depth = 1;
      let i = after;
      for (; i < text.length && depth > 0; i++) {
        const ch = text[i];
        if (ch === '\\') i++; // an escaped brace such as \{ does not open or close the group
        else if (ch === '{') depth++;
        else if (ch === '}') depth--;
      }
      if (depth === 0) out.push({ start: after, end: i - 1, closed: true });
      else out.push({ start: after, end: text.length, closed: false });
      BOX.lastIndex = depth === 0 ? i : text.length;
    } else {
      // `\boxed 5`: the answer is the next token, up to white space or a dollar sign.
      const tok = /^[^\s$]+/.exec(text.slice(after));
      if (tok) out.push({ start: after, end: after + tok[0].length, closed: true });
    }
  }
  return out;
}
