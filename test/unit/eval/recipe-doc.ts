// Builds RecipeDoc values for engine tests directly from the contract types, so these tests exercise the
// evaluation engine and not the recipe parser (which has its own suite). A temporary folder holds the recipe
// path (runs go to its .passk/) and a copy of the first rows of GSM8K.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EvalDef, ModelDef, RecipeDoc } from '../../../server/src/recipe/model';
import { plainTemplateSource } from '../../../server/src/template';
import { dataDir } from '../../helpers/paths';

const span = { start: 0, end: 0 };
const ref = (kind: 'model' | 'dataset' | 'prompt', name: string) => ({ kind, name, span });

export interface TestRecipe {
  dir: string;
  doc: RecipeDoc;
  datasetFile: string;
}

/** A temp folder with `rows` GSM8K test problems and a recipe evaluating them against `baseUrls`. */
export function testRecipe(opts: { baseUrls: string[]; rows?: number; model?: Partial<ModelDef>; evaluate?: Partial<EvalDef> }): TestRecipe {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-eval-'));
  const lines = fs.readFileSync(path.join(dataDir, 'gsm8k', 'test.jsonl'), 'utf8').split('\n').slice(0, opts.rows ?? 10);
  const datasetFile = path.join(dir, 'data', 'gsm8k.jsonl');
  fs.mkdirSync(path.dirname(datasetFile));
  fs.writeFileSync(datasetFile, lines.join('\n') + '\n');
  const file = path.join(dir, 'sim.recipe.yaml');
  fs.writeFileSync(file, 'passk: 1\n');
  const model: ModelDef = {
    name: 'student', nameSpan: span, span, baseUrls: opts.baseUrls, model: 'passk-sim', api: 'chat', concurrency: 8,
    timeoutSeconds: 10, maxRetries: 12, batch: false, headers: {}, ...opts.model,
  };
  const def: EvalDef = {
    name: 'gsm8k-sim', nameSpan: span, span, model: ref('model', 'student'), dataset: ref('dataset', 'gsm8k'), prompt: ref('prompt', 'cot'),
    samples: 8, k: [1, 4, 8], grader: { extract: 'auto', compare: 'math' }, expect: {}, temperature: 0.7, topP: 1, maxTokens: 512, seed: 1234,
    ...opts.evaluate,
  };
  const doc: RecipeDoc = {
    file, dir, text: 'passk: 1\n', version: 1, name: 'sim',
    models: new Map([['student', model]]),
    datasets: new Map([['gsm8k', { name: 'gsm8k', nameSpan: span, span, path: datasetFile, pathSpan: span, question: 'question', answer: { field: 'answer', extract: 'gsm8k' } }]]),
    prompts: new Map([['cot', { name: 'cot', nameSpan: span, span, system: plainTemplateSource('You are a careful solver.'), user: plainTemplateSource("{{ question }}\nIn the end, write 'The answer is: <ANSWER>.'") }]]),
    synthesize: new Map(),
    evaluate: new Map([[def.name, def]]),
    references: [],
  };
  return { dir, doc, datasetFile };
}

/** Every file under `dir`, recursively, with its content. */
export function allFiles(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    out.push({ file: p, text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}
