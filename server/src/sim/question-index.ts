// Finds which known problem a prompt is about. Prompts wrap the question in a template, so the simulator looks
// for a known question inside the prompt. Indexing every question by a fixed-length prefix makes the lookup one
// hash probe per prompt position instead of a substring search per known question (5 000 MATH problems).
import type { SimProblem } from './sim-problems';

const KEY = 24;

export class QuestionIndex {
  private readonly byPrefix = new Map<string, SimProblem[]>();
  private readonly short: SimProblem[] = [];

  constructor(problems: readonly SimProblem[]) {
    for (const p of problems) this.add(p);
  }

  /** Makes one more problem known (the synthesis responder teaches the index the problems it invents). */
  add(p: SimProblem): void {
    if (p.question.length < KEY) {
      this.short.push(p);
      return;
    }
    const k = p.question.slice(0, KEY);
    const list = this.byPrefix.get(k);
    if (list) list.push(p);
    else this.byPrefix.set(k, [p]);
  }

  get size(): number {
    let n = this.short.length;
    for (const l of this.byPrefix.values()) n += l.length;
    return n;
  }

  /** The longest known question contained in the prompt, or undefined when the prompt names none. */
  find(prompt: string): SimProblem | undefined {
    let best: SimProblem | undefined;
    for (let i = 0; i + KEY <= prompt.length; i++) {
      const list = this.byPrefix.get(prompt.slice(i, i + KEY));
      if (!list) continue;
      for (const p of list) {
        if ((!best || p.question.length > best.question.length) && prompt.startsWith(p.question, i)) best = p;
      }
    }
    if (best) return best;
    for (const p of this.short) if (prompt.includes(p.question) && (!best || p.question.length > best.question.length)) best = p;
    return best;
  }
}
