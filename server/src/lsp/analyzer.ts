// The LSP's single door into the recipe core: it turns an open document into the core's `{value, problems}`.
// PLACEHOLDER until server/src/recipe exposes analyzeRecipe: returns no document and no problems.
import type { Analyzer } from './session';

export const analyzeDocument: Analyzer = () => ({ doc: undefined, problems: [] });
