// References to models, datasets and prompts that the recipe does not define, with the nearest defined name
// in `data.suggestion` so the LSP can offer a one-click fix.
import { didYouMean } from '../text/did-you-mean';
import type { Problem } from '../problems/problem';
import type { RecipeDoc, RefKind } from './model';

const SECTION: Record<RefKind, 'models' | 'datasets' | 'prompts'> = { model: 'models', dataset: 'datasets', prompt: 'prompts' };

export function checkReferences(doc: RecipeDoc, problems: Problem[]): void {
  for (const r of doc.references) {
    if (r.target || r.name === '') continue;
    const section = SECTION[r.kind];
    const names = [...doc[section].keys()];
    const suggestion = didYouMean(r.name, names);
    problems.push({
      code: 'recipe/undefined-reference',
      severity: 'error',
      message: `There is no ${r.kind} named "${r.name}" in "${section}".${suggestion ? ` Did you mean "${suggestion}"?` : names.length ? ` Defined: ${names.slice(0, 10).join(', ')}.` : ` Define it under "${section}".`}`,
      span: r.span,
      data: { kind: r.kind, name: r.name, ...(suggestion ? { suggestion } : {}) },
    });
  }
}
