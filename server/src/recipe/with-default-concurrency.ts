// The editor's `passk.run.defaultConcurrency`-style default, applied to a recipe before a run. It lives beside
// the recipe model because both the CLI (`--default-concurrency`) and the language server apply it.
import type { RecipeDoc } from './model';

/**
 * The recipe with a default concurrency applied to every model whose entry does not set `concurrency` itself
 * (the parsed model always holds a number, so the entry's own text is what tells). Concurrency is not part of
 * the run fingerprint, so the run folder is the same either way.
 */
export function withDefaultConcurrency(doc: RecipeDoc, concurrency: number | undefined): RecipeDoc {
  if (concurrency === undefined) return doc;
  const models = new Map(doc.models);
  for (const [name, m] of doc.models) {
    if (!/(^|[\s{,])concurrency\s*:/.test(doc.text.slice(m.span.start, m.span.end))) models.set(name, { ...m, concurrency });
  }
  return { ...doc, models };
}
