// Loads the problems the simulator knows: rows of GSM8K- or MATH-style JSONL files, with the question text and
// the gold final answer. The simulator is a test tool, so it reads the common field names itself (question or
// problem; answer with a `#### X` line or solution with `\boxed{X}`) instead of needing a recipe.
import * as fs from 'node:fs';

export interface SimProblem {
  question: string;
  /** The gold final answer as text, e.g. "18" or "\\frac{1}{2}". */
  gold: string;
}

/** The content of the last `\boxed{…}` in a text, with nested braces balanced; undefined when there is none. */
export function lastBoxed(text: string): string | undefined {
  const at = text.lastIndexOf('\\boxed{');
  if (at < 0) return undefined;
  let depth = 0;
  const start = at + '\\boxed{'.length;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return text.slice(start, i);
      depth--;
    }
  }
  return undefined;
}

function goldOf(row: Record<string, unknown>): string | undefined {
  const answer = row.answer;
  if (typeof answer === 'string') {
    const m = /####\s*(.+)\s*$/.exec(answer);
    if (m) return m[1]!.trim().replace(/,/g, '');
    return answer.trim();
  }
  if (typeof answer === 'number') return String(answer);
  const solution = row.solution;
  if (typeof solution === 'string') return lastBoxed(solution);
  return undefined;
}

/** Reads one JSONL (or JSON array) file; rows without a recognisable question or gold answer are skipped. */
export function loadSimProblems(file: string): SimProblem[] {
  const text = fs.readFileSync(file, 'utf8');
  const rows: unknown[] = text.trimStart().startsWith('[')
    ? (JSON.parse(text) as unknown[])
    : text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  const out: SimProblem[] = [];
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    const r = row as Record<string, unknown>;
    const question = typeof r.question === 'string' ? r.question : typeof r.problem === 'string' ? r.problem : undefined;
    const gold = goldOf(r);
    if (question && gold !== undefined) out.push({ question, gold });
  }
  return out;
}
