// Which recipes evaluate a given dataset file. Open recipe documents count first (their unsaved text is what
// the user sees); recipes on disk in the workspace folders count too, so opening GSM8K's test.jsonl shows the
// hints of a run even when its recipe is not open. Disk recipes are parsed once per modification time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRecipe } from '../../recipe';
import type { RecipeDoc } from '../../recipe/model';

const SKIP = new Set(['node_modules', '.git', '.passk', 'out', 'dist']);
const MAX_DEPTH = 5;
const MAX_FILES = 200;

export function isRecipePath(file: string): boolean {
  return /\.recipe\.ya?ml$/i.test(file);
}

/** Recipe files under `roots` (bounded depth and count: a huge workspace must not stall the server). */
export function findRecipeFiles(roots: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !SKIP.has(e.name)) walk(p, depth + 1);
      else if (e.isFile() && isRecipePath(e.name)) out.push(p);
    }
  };
  for (const r of roots) walk(r, 0);
  return out;
}

export class DiskRecipes {
  private readonly cache = new Map<string, { key: string; doc: RecipeDoc }>();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The parsed recipe at `file`, or undefined when it cannot be read. */
  get(file: string): RecipeDoc | undefined {
    let key: string;
    try {
      const st = fs.statSync(file);
      key = `${st.size}:${st.mtimeMs}`;
    } catch {
      return undefined;
    }
    const hit = this.cache.get(file);
    if (hit?.key === key) return hit.doc;
    try {
      const doc = analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: this.env }).value;
      this.cache.set(file, { key, doc });
      return doc;
    } catch {
      return undefined;
    }
  }
}

/** The evaluate entries of `doc` whose dataset is the file `datasetFile`. */
export function entriesEvaluating(doc: RecipeDoc, datasetFile: string): string[] {
  const names: string[] = [];
  for (const def of doc.evaluate.values()) {
    const ds = doc.datasets.get(def.dataset.name);
    if (ds && path.resolve(ds.path) === path.resolve(datasetFile)) names.push(def.name);
  }
  return names;
}
