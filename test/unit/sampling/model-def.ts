// Builds ModelDef values for sampling tests without going through the recipe parser (which has its own tests).
import type { ModelDef } from '../../../server/src/recipe/model';

const span = { start: 0, end: 0 };

export function modelDef(over: Partial<ModelDef> & { baseUrls: string[] }): ModelDef {
  return {
    name: 'student', nameSpan: span, span, model: 'passk-sim', api: 'chat', concurrency: 4, timeoutSeconds: 10,
    maxRetries: 8, batch: false, headers: {}, ...over,
  };
}

export const params = { temperature: 0.7, topP: 1, maxTokens: 512 };
