// Tokenizer for answer LaTeX (after clean-up). It knows LaTeX commands, numbers, single-letter variables, the
// usual function words written without a backslash, and the unicode signs models like to print (π, √, ≤, ∞).

export type Tok = { k: 'num' | 'id' | 'cmd' | 'op'; s: string };

export const FUNCTION_WORDS = new Set([
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'log', 'ln', 'exp',
  'sqrt', 'abs', 'floor', 'ceil',
]);

const UNICODE: Record<string, Tok> = {
  'π': { k: 'cmd', s: 'pi' },
  '√': { k: 'cmd', s: 'sqrt' },
  '∞': { k: 'cmd', s: 'infty' },
  '·': { k: 'op', s: '*' },
  '×': { k: 'op', s: '*' },
  '⋅': { k: 'op', s: '*' },
  '÷': { k: 'op', s: '/' },
  '−': { k: 'op', s: '-' },
  '–': { k: 'op', s: '-' },
  '≤': { k: 'op', s: '<=' },
  '≥': { k: 'op', s: '>=' },
  '≠': { k: 'op', s: '!=' },
  'ℝ': { k: 'cmd', s: 'reals' },
  '±': { k: 'cmd', s: 'pm' },
  '∪': { k: 'cmd', s: 'cup' },
  '∩': { k: 'cmd', s: 'cap' },
  '∅': { k: 'cmd', s: 'emptyset' },
  '∈': { k: 'cmd', s: 'in' },
  '≈': { k: 'op', s: '≈' },
  '∖': { k: 'cmd', s: 'setminus' },
};

const COMMAND_OPS: Record<string, string> = {
  cdot: '*', times: '*', ast: '*', div: '/', le: '<=', leq: '<=', leqslant: '<=', ge: '>=', geq: '>=', geqslant: '>=',
  lt: '<', gt: '>', ne: '!=', neq: '!=', '{': '\\{', '}': '\\}', lbrace: '\\{', rbrace: '\\}', '|': '|', vert: '|',
  lvert: '|', rvert: '|', mid: '|', langle: '(', rangle: ')', colon: ':',
  // An approximate value is a relation of its own (parseAnswer keeps the exact value and the approximation).
  approx: '≈', simeq: '≈', doteq: '≈',
};

/** Returns null when the text holds something the expression language has no reading for. */
export function tokenize(s: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '\\') {
      const m = /^\\([a-zA-Z]+|.)/.exec(s.slice(i, i + 40));
      if (!m) return null;
      const name = m[1]!;
      i += m[0].length;
      if (name === '\\') out.push({ k: 'op', s: '\\\\' });
      else if (COMMAND_OPS[name] !== undefined) out.push({ k: 'op', s: COMMAND_OPS[name]! });
      else if (name === '%') out.push({ k: 'op', s: '%' });
      else out.push({ k: 'cmd', s: name });
      continue;
    }
    // Plain scientific notation (1.5e3) is one number; 2e (two times Euler's number) is not.
    const num = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+(?![a-zA-Z\d]))?/.exec(s.slice(i, i + 420));
    if (num) {
      out.push({ k: 'num', s: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^[a-zA-Z]+/.exec(s.slice(i, i + 60));
    if (word) {
      const w = word[0];
      if (FUNCTION_WORDS.has(w.toLowerCase())) out.push({ k: 'id', s: w.toLowerCase() });
      else if (w === 'pi') out.push({ k: 'cmd', s: 'pi' });
      else if (w === 'inf' || w === 'infty' || w === 'infinity') out.push({ k: 'cmd', s: 'infty' });
      else for (const c of w) out.push({ k: 'id', s: c });
      i += w.length;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '!=' || two === '**') {
      out.push({ k: 'op', s: two === '**' ? '^' : two });
      i += 2;
      continue;
    }
    if (UNICODE[ch]) {
      out.push(UNICODE[ch]!);
      i++;
      continue;
    }
    if ('+-*/^_()[]{},;=<>!|&\':%'.includes(ch)) {
      out.push({ k: 'op', s: ch });
      i++;
      continue;
    }
    return null;
  }
  return out;
}
