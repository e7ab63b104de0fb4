// "Preview Problems": the prompts an entry will send, rendered for its first few problems, with no
// model call. For an evaluation these are the evaluation prompts of the first dataset problems; for a synthesis,
// the generate prompts of the first seeds (verify and solve prompts need a generated problem: see previewLive).
import type { Problem, Result } from '../problems/problem';
import { readDataset } from '../datasets';
import { goldAnswer } from '../eval/grader';
import type { DatasetDef, PromptDef, RecipeDoc } from '../recipe/model';
import { renderPrompt } from '../synthesis/render-prompt';
// The wire types are plain data, so the preview builds them directly and the LSP passes them through.
import type { PreviewItem, PreviewMessage } from '../protocol/requests';

export type { PreviewItem, PreviewMessage };

export interface EntryPreview {
  entry: string;
  kind: 'evaluate' | 'synthesize';
  /** The prompt entry that was rendered. */
  prompt: string;
  items: PreviewItem[];
}

/** The entry a preview is about: the named one (in either section), else the first synthesis, else evaluation. */
export function previewTarget(doc: RecipeDoc, entry?: string): { name: string; kind: 'evaluate' | 'synthesize' } | undefined {
  if (entry !== undefined) {
    if (doc.synthesize.has(entry)) return { name: entry, kind: 'synthesize' };
    if (doc.evaluate.has(entry)) return { name: entry, kind: 'evaluate' };
    return undefined;
  }
  const synth = doc.synthesize.keys().next();
  if (!synth.done) return { name: synth.value, kind: 'synthesize' };
  const ev = doc.evaluate.keys().next();
  return ev.done ? undefined : { name: ev.value, kind: 'evaluate' };
}

export async function previewEntry(doc: RecipeDoc, entry: string | undefined, limit = 3): Promise<Result<EntryPreview | undefined>> {
  const target = previewTarget(doc, entry);
  const fail = (message: string): Result<undefined> => ({ value: undefined, problems: [{ code: 'preview/unavailable', severity: 'error', message }] });
  if (!target) return fail(entry === undefined ? 'The recipe has no "evaluate" or "synthesize" entry to preview.' : `The recipe has no evaluation or synthesis named "${entry}".`);
  let dataset: DatasetDef | undefined;
  let prompt: PromptDef | undefined;
  if (target.kind === 'evaluate') {
    const def = doc.evaluate.get(target.name)!;
    dataset = doc.datasets.get(def.dataset.name);
    prompt = doc.prompts.get(def.prompt.name);
  } else {
    const def = doc.synthesize.get(target.name)!;
    dataset = doc.datasets.get(def.seeds.name);
    prompt = doc.prompts.get(def.generate.prompt.name);
  }
  if (!dataset || !prompt) return fail(`"${target.name}" refers to a ${dataset ? 'prompt' : 'dataset'} the recipe does not define; fix the recipe's errors first.`);
  const rows = await readDataset({ ...dataset }, { limit: Math.max(1, limit) });
  const problems: Problem[] = [...rows.problems];
  const items: PreviewItem[] = [];
  for (const [i, row] of rows.value.entries()) {
    // Each render may take up to its budget ("Templates" in docs/recipe-format.md); yielding between rows
    // lets a language server answer other requests (hover, completion) while a heavy preview runs.
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const vars = target.kind === 'evaluate'
      ? { question: row.question, id: row.id, row: row.row }
      : { seed: { question: row.question, answer: goldAnswer(row.gold, dataset.answer), row: row.row } };
    const r = renderPrompt(prompt, vars);
    problems.push(...r.problems.map((p) => ({ ...p, message: `Problem "${row.id}": ${p.message}` })));
    // A template that exhausts its budget on one row would on the next ones too: report it once, not per row.
    if (r.problems.some((p) => p.code === 'template/budget')) break;
    if (!r.value) continue;
    const messages: PreviewMessage[] = [];
    if (r.value.system) messages.push({ role: 'system', content: r.value.system });
    messages.push({ role: 'user', content: r.value.user });
    items.push({ problem: row.id, messages });
  }
  return { value: { entry: target.name, kind: target.kind, prompt: prompt.name, items }, problems };
}
