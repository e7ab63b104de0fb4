// The part of a recipe an entry's run view depends on, as one string (run-view-cache.ts keys its views by it).
import * as fs from 'node:fs';
import { resolveEntry } from '../eval';
import type { RecipeDoc } from '../recipe/model';
import { endpointIdentity } from '../runs/sample-identity';

/**
 * Everything an entry's run view depends on: the resolved model, prompt, sampling and grading settings and the
 * dataset file's identity. Typing elsewhere in the recipe makes a new RecipeDoc but the same key, so the view
 * (and its reads of run folders and the dataset hash) is reused instead of recomputed on every keystroke.
 */
export function runInputsKey(doc: RecipeDoc, entry: string): string {
  const r = resolveEntry(doc, entry).value;
  if (!r) return 'unresolved';
  let stamp = 'missing';
  try {
    const st = fs.statSync(r.dataset.path);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    // an unreadable dataset is part of the key too: the view then shows the newest run as stale
  }
  const { def, model, prompt, dataset } = r;
  // The endpoint and `expect` are part of the run's identities too (docs/runs.md): without them, pointing a model
  // at another server kept showing the first server's figures as current.
  return JSON.stringify([
    model.model, model.api, endpointIdentity({ baseUrls: model.baseUrls, ...(model.identity ? { identity: model.identity } : {}) }),
    prompt.system?.source ?? null, prompt.user.source,
    [def.temperature, def.topP, def.maxTokens, def.seed ?? null, def.stop ?? null, def.samples, def.k, def.grader, def.limit ?? null, def.expect],
    dataset.path, dataset.question, dataset.id ?? null, dataset.answer, stamp,
  ]);
}
