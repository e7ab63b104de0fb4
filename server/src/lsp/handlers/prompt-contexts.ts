// Where a prompt is used decides which template variables it gets (docs/recipe-format.md): an evaluation gives
// `question`, `id`, `row`; a synthesis `generate` stage gives `seed`; `verify` and `solve` give `question` and
// `seed`. Completion and hover both ask this, per prompt name.
import type { RecipeDoc, TemplateContext } from '../../recipe';

export interface PromptUse {
  context: TemplateContext;
  /** The evaluation or synthesis entry that uses the prompt. */
  entry: string;
}

export function usesOf(doc: RecipeDoc, prompt: string): PromptUse[] {
  const out: PromptUse[] = [];
  for (const e of doc.evaluate.values()) if (e.prompt.name === prompt) out.push({ context: 'evaluate', entry: e.name });
  for (const s of doc.synthesize.values()) {
    if (s.generate.prompt.name === prompt) out.push({ context: 'generate', entry: s.name });
    if (s.verify?.prompt.name === prompt) out.push({ context: 'verify', entry: s.name });
    if (s.solve.prompt.name === prompt) out.push({ context: 'solve', entry: s.name });
  }
  return out;
}

/** The distinct contexts in which `prompt` is used, in table order. */
export function contextsOf(doc: RecipeDoc, prompt: string): TemplateContext[] {
  return [...new Set(usesOf(doc, prompt).map((u) => u.context))];
}
