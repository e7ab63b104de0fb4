// `passk/preview`: the prompts an evaluation or synthesis entry will send, rendered for its first problems with
// no model call (so it is allowed in an untrusted workspace).
import { previewEntry } from '../../preview/preview-entry';
import type { PreviewParams, PreviewResult } from '../../protocol/requests';
import type { RunInsights } from './run-insights';

export async function preview(insights: RunInsights, raw: unknown): Promise<PreviewResult> {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as PreviewParams;
  const entry = typeof p.entry === 'string' ? p.entry : undefined;
  const recipe = typeof p.uri === 'string' ? insights.recipe(p.uri) : undefined;
  if (!recipe) return { entry: entry ?? '', items: [], problems: ['Open a passk recipe to preview its prompts.'] };
  const limit = typeof p.limit === 'number' && Number.isInteger(p.limit) && p.limit > 0 ? Math.min(p.limit, 50) : 3;
  const r = await previewEntry(recipe.doc, entry, limit);
  return { entry: r.value?.entry ?? entry ?? '', items: r.value?.items ?? [], problems: r.problems.map((x) => x.message) };
}
