// The one reading of a `recipe.yaml#entry` argument, shared by the commands that take one (`passk compare`,
// `passk merge`). The `#entry` tail is split off only when the whole argument is not an existing file, so a
// recipe whose file name holds a `#` is still found by its name; when an entry is named, the last `#` splits, so
// a folder or file name holding one still works.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RecipeSpec {
  /** The recipe file as given (relative to the working folder or absolute). */
  file: string;
  /** The entry after `#`, else `entryFlag` (undefined when neither names one). */
  entry: string | undefined;
}

export function readRecipeSpec(cwd: string, spec: string, entryFlag?: string): RecipeSpec {
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || fs.existsSync(path.resolve(cwd, spec))) return { file: spec, entry: entryFlag };
  return { file: spec.slice(0, hash), entry: spec.slice(hash + 1) };
}
