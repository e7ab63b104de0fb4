// The recipe front door: text in, a typed RecipeDoc plus every problem out (validation, docs/recipe-format.md). Each check
// lives in its own module; this file only orders them, and guarantees that nothing the user can type makes
// it throw: an unexpected internal failure becomes one `recipe/internal` problem instead of a crash.
import * as path from 'node:path';
import type { EnvMap } from '../text/env';
import type { Problem, Result } from '../problems/problem';
import type { DatasetFs } from '../datasets/peek-dataset';
import { buildDoc } from './build-doc';
import { checkDatasets } from './check-datasets';
import { checkRowFields } from './check-row-fields';
import { checkSynthCount } from './check-synth-count';
import { checkKeyHosts } from './check-key-hosts';
import { checkReferences } from './check-references';
import { checkStructure } from './check-structure';
import { checkTemplates } from './check-templates';
import { checkValues } from './check-values';
import type { IncrementalParser } from './incremental-parse';
import type { RecipeDoc } from './model';
import { recipeLimitProblem } from './recipe-limits';
import { parseYaml } from './yaml-tree';

export interface AnalyzeOptions {
  /** Absolute path of the recipe file (relative dataset and output paths resolve against its folder). */
  file: string;
  /** Environment for `${env:…}`; pass `process.env` from the shell layer. */
  env: EnvMap;
  /** File access for dataset checks; defaults to the real file system. */
  fs?: DatasetFs;
  /** Skip the dataset file checks (e.g. for a quick syntax-only pass). */
  skipDatasets?: boolean;
  /**
   * Reuses the YAML parse of unchanged entries from the previous version this parser saw (the LSP keeps one
   * per open document); the result is the same as without it, only faster on large recipes.
   */
  parser?: IncrementalParser;
  /**
   * Called with the YAML syntax problems as soon as the text is parsed, before the recipe checks run, so a
   * caller can show syntax errors of a large recipe while the rest of its analysis is still under way.
   */
  onParsed?: (syntaxProblems: Problem[]) => void;
}

export function emptyRecipe(file: string, text: string): RecipeDoc {
  return {
    file, dir: path.dirname(file), text, name: path.basename(file).replace(/\.recipe\.ya?ml$|\.ya?ml$/, ''),
    models: new Map(), datasets: new Map(), prompts: new Map(), synthesize: new Map(), evaluate: new Map(), references: [],
  };
}

function byPosition(a: Problem, b: Problem): number {
  return (a.span?.start ?? -1) - (b.span?.start ?? -1) || (a.span?.end ?? -1) - (b.span?.end ?? -1) || a.code.localeCompare(b.code);
}

export function analyzeRecipe(text: string, opts: AnalyzeOptions): Result<RecipeDoc> {
  const problems: Problem[] = [];
  let doc = emptyRecipe(opts.file, text);
  // A recipe past the size or nesting limit is not parsed: one problem, at once, instead of seconds of work.
  const limit = recipeLimitProblem(text);
  if (limit) return { value: doc, problems: [limit] };
  try {
    const parsed = opts.parser ? opts.parser.parse(text) : parseYaml(text);
    problems.push(...parsed.problems);
    opts.onParsed?.([...parsed.problems].sort(byPosition));
    const values = checkStructure(parsed.doc, problems);
    doc = buildDoc(parsed.doc, text, opts.file, opts.env);
    checkValues(text, values, opts.env, problems);
    checkKeyHosts(values, opts.env, problems);
    checkReferences(doc, problems);
    checkTemplates(doc, problems);
    if (!opts.skipDatasets) {
      checkDatasets(doc, values, problems, opts.fs);
      checkRowFields(doc, values, problems, opts.fs);
      checkSynthCount(doc, values, problems, opts.fs);
    }
  } catch (e) {
    problems.push({
      code: 'recipe/internal',
      severity: 'error',
      message: `passk could not finish checking this recipe (${e instanceof Error ? e.message : String(e)}); please report it with the recipe.`,
      span: { start: 0, end: 0 },
    });
  }
  return { value: doc, problems: problems.sort(byPosition) };
}
