// The workspace the run benchmarks share: a copy of a bundled test set and a one-entry recipe that evaluates it
// (64 samples, k 1/8/64) against an address nobody serves, so planning works and nothing is ever sent.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const DATASETS = {
  gsm8k: { file: path.join('gsm8k', 'test.jsonl'), name: 'gsm', spec: 'question: question, answer: { field: answer, extract: gsm8k }' },
  math: { file: path.join('math', 'test.jsonl'), name: 'math', spec: 'question: problem, answer: { field: solution, extract: boxed }' },
};

/**
 * Makes the workspace in a new temporary folder named after `prefix` and analyses its recipe with `core` (the
 * benchmark's bundle of the engine). Returns the folder, the dataset copy, the recipe file and its RecipeDoc.
 */
function benchEvalWorkspace(core, root, { prefix, dataset, samples }) {
  const d = DATASETS[dataset];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataFile = path.join(dir, `${d.name}.jsonl`);
  fs.copyFileSync(path.join(root, 'data', d.file), dataFile);
  const recipeFile = path.join(dir, 'bench.recipe.yaml');
  const recipe = `passk: 1
models:
  m: { baseUrl: "http://127.0.0.1:9/v1", model: bench }
datasets:
  ${d.name}: { path: ${d.name}.jsonl, ${d.spec} }
prompts:
  p: "{{ question }}"
evaluate:
  e: { model: m, dataset: ${d.name}, prompt: p, samples: ${samples}, k: [1, 8, 64], temperature: 0.7 }
`;
  fs.writeFileSync(recipeFile, recipe);
  const doc = core.analyzeRecipe(recipe, { file: recipeFile, env: {} }).value;
  return { dir, dataFile, recipeFile, doc };
}

module.exports = { benchEvalWorkspace };
