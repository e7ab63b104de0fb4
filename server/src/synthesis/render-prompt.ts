// Renders a recipe prompt ({system?, user}) with one set of template variables. Synthesis renders three prompts
// per problem and the preview renders them for display, so this lives in one place for both. Problems come
// back with recipe spans (the template offsets mapped through the prompt's TemplateSource), so the CLI shows a
// render refusal at the line and column of the construct in the recipe.
import type { Problem, Result } from '../problems/problem';
import type { PromptDef, TemplateSource } from '../recipe/model';
import type { PromptText } from '../sampling/provider';
import { renderTemplate } from '../template';
import { docSpan } from '../template/template-source';

function render(src: TemplateSource, vars: object): Result<string> {
  const r = renderTemplate(src.source, vars);
  return { value: r.value, problems: r.problems.map((p) => (p.span ? { ...p, span: docSpan(src, p.span.start, p.span.end) } : p)) };
}

export function renderPrompt(prompt: PromptDef, vars: object): Result<PromptText | undefined> {
  const user = render(prompt.user, vars);
  const system = prompt.system ? render(prompt.system, vars) : undefined;
  const problems: Problem[] = [...user.problems, ...(system?.problems ?? [])];
  if (problems.some((p) => p.severity === 'error')) return { value: undefined, problems };
  return { value: system?.value ? { system: system.value, user: user.value } : { user: user.value }, problems };
}
