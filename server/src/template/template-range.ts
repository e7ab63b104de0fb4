// `range`, the one global templates get: nunjucks' semantics (a list of numbers), but it checks the list's
// length against the render budget before building it, so `range(1000000000)` fails at once instead of
// allocating gigabytes.
import type { RenderBudget } from './render-budget';
import { RenderError, TemplateCallable, toNumber } from './template-values';

/** nunjucks' `range(start, stop, step)`, refusing before it allocates a list the budget could not walk. */
export function makeRange(budget: RenderBudget): TemplateCallable {
  return new TemplateCallable('range', (args) => {
    let start = toNumber(args[0]);
    let stop = toNumber(args[1]);
    let step = toNumber(args[2]);
    if (args[1] === undefined) {
      stop = start;
      start = 0;
      step = 1;
    } else if (!step) step = 1;
    const count = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
    if (count > 0 && !budget.fits(count)) {
      throw new RenderError(`range() would produce ${count.toLocaleString('en-US')} numbers, more than a template may walk through.`, 'template/budget');
    }
    const arr: number[] = [];
    if (step > 0) for (let i = start; i < stop; i += step) (budget.spend(), arr.push(i));
    else for (let i = start; i > stop; i += step) (budget.spend(), arr.push(i));
    return arr;
  });
}
