// Template syntax and variables of every prompt, checked against each context that uses the prompt: a prompt
// used both by an evaluation and by a `generate` stage must work with both variable sets. A prompt nothing
// uses yet is checked against the union, so drafting one does not flood the editor with errors.
import type { Problem, RelatedInfo } from '../problems/problem';
import { analyzeTemplate } from '../template/analyze-template';
import type { RecipeDoc, Reference } from './model';
import { ALL_TEMPLATE_VARIABLES, TEMPLATE_VARIABLES, type TemplateContext } from './template-contexts';

interface Use {
  context: TemplateContext;
  entry: string;
  ref: Reference;
}

function uses(doc: RecipeDoc): Map<string, Use[]> {
  const m = new Map<string, Use[]>();
  const add = (ref: Reference, context: TemplateContext, entry: string) => {
    if (!ref.name) return;
    if (!m.has(ref.name)) m.set(ref.name, []);
    m.get(ref.name)!.push({ context, entry, ref });
  };
  for (const e of doc.evaluate.values()) add(e.prompt, 'evaluate', `evaluate.${e.name}`);
  for (const s of doc.synthesize.values()) {
    add(s.generate.prompt, 'generate', `synthesize.${s.name}.generate`);
    if (s.verify) add(s.verify.prompt, 'verify', `synthesize.${s.name}.verify`);
    add(s.solve.prompt, 'solve', `synthesize.${s.name}.solve`);
  }
  return m;
}

export function checkTemplates(doc: RecipeDoc, problems: Problem[]): void {
  const byPrompt = uses(doc);
  for (const p of doc.prompts.values()) {
    const sources = p.system ? [p.system, p.user] : [p.user];
    const contexts = byPrompt.get(p.name) ?? [];
    const seen = new Set<string>();
    const push = (q: Problem) => {
      const key = `${q.code}:${q.span?.start}:${q.span?.end}:${String(q.data?.['variable'] ?? '')}`;
      if (seen.has(key)) return;
      seen.add(key);
      problems.push(q);
    };
    for (const src of sources) {
      if (!contexts.length) {
        for (const q of analyzeTemplate(src, ALL_TEMPLATE_VARIABLES).problems) push(q);
        continue;
      }
      // One analysis per distinct context; the first use of a context is named in the message.
      const done = new Set<TemplateContext>();
      for (const use of contexts) {
        if (done.has(use.context)) continue;
        done.add(use.context);
        for (const q of analyzeTemplate(src, TEMPLATE_VARIABLES[use.context]).problems) {
          if (q.code !== 'template/undefined-variable') {
            push(q);
            continue;
          }
          const related: RelatedInfo[] = contexts.filter((u) => u.context === use.context).map((u) => ({ message: `The prompt is used here by "${u.entry}".`, span: u.ref.span }));
          push({ ...q, message: `${q.message} The prompt "${p.name}" is used by "${use.entry}".`, related, data: { ...q.data, context: use.context } });
        }
      }
    }
  }
}
