// The text a render (or a macro call, a block `set`, a filter block) produces, bounded by the budget so a
// template cannot build more than a prompt's worth of output (render-budget.ts).
import type { RenderBudget } from './render-budget';

/** The output of one render (or of one macro call, capture or filter block). */
export class TemplateOutput {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly budget: RenderBudget) {}
  push(s: string): void {
    this.size += s.length;
    this.budget.length(this.size);
    this.parts.push(s);
  }
  text(): string {
    return this.parts.join('');
  }
}
