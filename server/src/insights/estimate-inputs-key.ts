// The part of a recipe an entry's cost estimate depends on, as one string (run-view-cache.ts keys its estimates
// by it together with the run's samples.jsonl stamp).
import * as fs from 'node:fs';
import type { RecipeDoc } from '../recipe/model';

/** Size and modification time of a file, or '-' when it cannot be read; cheap enough for every lens request. */
export function sizeTimeStamp(file: string | undefined): string {
  if (!file) return '-';
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return '-';
  }
}

/** Everything the estimate of `entry` depends on, without spans (moving an entry does not change its estimate). */
export function estimateInputsKey(doc: RecipeDoc, entry: string): string | undefined {
  const def = doc.evaluate.get(entry);
  if (!def) return undefined;
  const model = doc.models.get(def.model.name);
  const dataset = doc.datasets.get(def.dataset.name);
  const prompt = doc.prompts.get(def.prompt.name);
  if (!model || !dataset || !prompt) return undefined;
  const { span: _s, nameSpan: _n, model: _m, dataset: _d, prompt: _p, ...rest } = def;
  return JSON.stringify({
    file: doc.file, entry, rest,
    model: { ...model, span: undefined, nameSpan: undefined },
    dataset: { path: dataset.path, question: dataset.question, id: dataset.id, answer: dataset.answer, file: sizeTimeStamp(dataset.path) },
    prompt: { system: prompt.system?.source, user: prompt.user.source },
  });
}
