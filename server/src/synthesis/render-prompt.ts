// Renders a recipe prompt ({system?, user}) with one set of template variables. Synthesis renders three prompts
// per problem and the preview renders them for display, so this lives in one place for both.
import type { Problem, Result } from '../core/problem';
import type { PromptDef } from '../recipe/model';
import type { PromptText } from '../sampling/provider';
import { renderTemplate } from '../template';

export function renderPrompt(prompt: PromptDef, vars: object): Result<PromptText | undefined> {
  const user = renderTemplate(prompt.user.source, vars);
  const system = prompt.system ? renderTemplate(prompt.system.source, vars) : undefined;
  const problems: Problem[] = [...user.problems, ...(system?.problems ?? [])];
  if (problems.some((p) => p.severity === 'error')) return { value: undefined, problems };
  return { value: system?.value ? { system: system.value, user: user.value } : { user: user.value }, problems };
}
