// What one render may spend. A prompt template is code an untrusted recipe supplies, and the language server
// renders it for previews on its own thread, so `{% for i in range(1000000000) %}` or doubling a string in a
// loop must stop quickly with a clear `template/budget` error instead of hanging or exhausting memory. Steps
// count node evaluations, loop iterations and the elements filters touch, so the limit is deterministic (the
// same template fails the same way on a loaded machine); see docs/recipe-format.md, "Templates".
import { RenderError } from './template-values';

export interface BudgetLimits {
  /** Evaluation steps (nodes, loop iterations, elements a filter handles). */
  steps: number;
  /** UTF-16 code units of the output, and of any one string the template builds. */
  chars: number;
  /** Nested macro and `caller` calls. */
  depth: number;
}

// A few-shot prompt with eight worked examples takes about 130 steps, so 200 000 leaves three orders of
// magnitude for real templates while a runaway template stops within tens of milliseconds: the language server
// renders previews on its main thread, and hover and completion must not wait behind one render.
export const DEFAULT_LIMITS: BudgetLimits = { steps: 200_000, chars: 1 << 20, depth: 100 };

export class RenderBudget {
  private steps = 0;
  private depth = 0;

  constructor(readonly limits: BudgetLimits = DEFAULT_LIMITS) {}

  /** Spends `n` steps; throws a budget error once the template has used them all. */
  spend(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.steps) {
      throw new RenderError(`The template needs more than ${this.limits.steps.toLocaleString('en-US')} evaluation steps; a prompt should not loop that much.`, 'template/budget');
    }
  }

  /** True when `n` more steps would still fit (lets `range` refuse before allocating). */
  fits(n: number): boolean {
    return this.steps + n <= this.limits.steps;
  }

  /** Checks a string the template built (output so far, a concatenation, a filter result). */
  text(s: string): string {
    if (s.length > this.limits.chars) {
      throw new RenderError(`The template builds a text of more than ${this.limits.chars.toLocaleString('en-US')} characters, which is too long for a prompt.`, 'template/budget');
    }
    return s;
  }

  /** Checks the length of a text before it is built (padding, indentation), so it is never allocated. */
  length(n: number): void {
    if (!(n <= this.limits.chars)) {
      throw new RenderError(`The template builds a text of more than ${this.limits.chars.toLocaleString('en-US')} characters, which is too long for a prompt.`, 'template/budget');
    }
  }

  enter(): void {
    if (++this.depth > this.limits.depth) {
      throw new RenderError(`Macros call each other more than ${this.limits.depth} levels deep.`, 'template/budget');
    }
  }

  leave(): void {
    this.depth--;
  }
}
