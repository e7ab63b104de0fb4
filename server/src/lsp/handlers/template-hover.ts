// Hover on a template variable inside a prompt (`{{ seed.question }}`): what the variable holds and which
// evaluations or synthesis stages provide it to this prompt.
import type { Span } from '../../problems/problem';
import type { RecipeDoc } from '../../recipe';
import { analyzeTemplate } from '../../template';
import { usesOf } from './prompt-contexts';

/** What each variable holds, for the hover text. The contexts that provide them are TEMPLATE_VARIABLES. */
const VARIABLE_DOCS: Record<string, string> = {
  question: 'The problem text: the dataset question in evaluations, the newly written problem in `verify` and `solve`.',
  id: "The problem's id: the dataset's `id` field, or its 1-based line number.",
  row: 'The whole dataset row, as an object (`row.field`).',
  seed: 'The seed problem a new one is written from: `seed.question`, `seed.answer`, `seed.row`.',
  'seed.question': "The seed problem's text.",
  'seed.answer': "The seed problem's gold answer, as the dataset writes it.",
  'seed.row': "The seed problem's whole dataset row.",
};

export function templateVariableHover(doc: RecipeDoc, offset: number): { markdown: string; span: Span } | undefined {
  for (const p of doc.prompts.values()) {
    for (const src of [p.system, p.user]) {
      if (!src || offset < src.span.start || offset > src.span.end) continue;
      const v = analyzeTemplate(src).value.variables.find((x) => x.span.start <= offset && offset <= x.span.end);
      if (!v) return undefined;
      const docs = VARIABLE_DOCS[v.path] ?? VARIABLE_DOCS[v.name] ?? 'A template variable.';
      const uses = usesOf(doc, p.name);
      const where = uses.length
        ? `Provided to prompt \`${p.name}\` by ${uses.map((u) => `\`${u.entry}\` (${u.context})`).join(', ')}.`
        : `Prompt \`${p.name}\` is not used by any evaluation or synthesis stage yet.`;
      return { markdown: `**\`${v.path}\`** — ${docs}\n\n${where}`, span: v.span };
    }
  }
  return undefined;
}
