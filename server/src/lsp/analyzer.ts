// The LSP's single door into the recipe core: an open document becomes `analyzeRecipe`'s `{value, problems}`.
// A document that is not a file on disk (an untitled editor) is analysed as if it lived in the workspace's
// working directory, so relative dataset paths still resolve somewhere sensible.
import * as path from 'node:path';
import { analyzeRecipe } from '../recipe';
import type { Analyzer } from './session';

export function makeAnalyzer(env: NodeJS.ProcessEnv): Analyzer {
  return ({ file, uri, text }) => {
    const name = uri.slice(uri.lastIndexOf('/') + 1).replace(/[^\w.-]/g, '_') || 'untitled.recipe.yaml';
    const r = analyzeRecipe(text, { file: file ?? path.join(process.cwd(), name), env });
    return { doc: r.value, problems: r.problems };
  };
}
