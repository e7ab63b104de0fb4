// `passk/modelEndpoints`: the endpoints (model id and base-URL origins) of the models an entry uses, so the
// client can look up the keys bound to exactly those endpoints and ask for a missing one by its origin. It
// reads no secret and sends nothing, so it answers in an untrusted workspace as well.
import type { ModelEndpointsParams, ModelEndpointsResult } from '../../protocol/requests';
import type { RecipeDoc } from '../../recipe/model';
import { modelEndpoint } from '../../sampling/secrets';
import type { RunInsights } from './run-insights';

/** The names of the models an entry refers to; every model of the recipe when the entry is not named or unknown. */
function modelsUsed(doc: RecipeDoc, kind: unknown, entry: unknown): string[] {
  const e = typeof entry === 'string' ? entry : undefined;
  const ev = e !== undefined && kind !== 'synthesize' ? doc.evaluate.get(e) : undefined;
  if (ev) return [ev.model.name];
  const sy = e !== undefined && kind !== 'evaluate' ? doc.synthesize.get(e) : undefined;
  if (sy) return [sy.generate.model.name, ...(sy.verify ? [sy.verify.model.name] : []), sy.solve.model.name];
  return [...doc.models.keys()];
}

export function modelEndpoints(insights: RunInsights, raw: unknown): ModelEndpointsResult {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ModelEndpointsParams>;
  const recipe = typeof p.uri === 'string' ? insights.recipe(p.uri) : undefined;
  if (!recipe) return { models: [] };
  const { doc } = recipe;
  const names = [...new Set(modelsUsed(doc, p.kind, p.entry))];
  const models = names.map((n) => doc.models.get(n)).filter((m) => m !== undefined);
  return { models: models.map(modelEndpoint) };
}
