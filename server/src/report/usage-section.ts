// The report's line on what the run used: prompt and completion tokens as the model's responses reported them,
// and their cost at the recipe's `price` (docs/reports.md). Kept apart from the page layout so any renderer of
// the report data can place it.
import { el, fragment, num, type Html } from './html';
import type { ReportUsage } from './report-data';

function dollars(v: number): string {
  return v > 0 && v < 0.01 ? '< $0.01' : `$${v.toFixed(2)}`;
}

export function usageSection(u: ReportUsage): Html {
  return el('p', { id: 'usage' },
    'Tokens used: ', el('b', null, num(u.promptTokens)), ' prompt, ', el('b', null, num(u.completionTokens)), ' completion',
    u.cost !== null ? fragment('; cost ', el('b', null, dollars(u.cost)), ' at the recipe\'s price') : fragment(el('span', { class: 'muted' }, ' (no price in the recipe, so no cost)')),
    '.');
}
