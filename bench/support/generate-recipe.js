// The generated recipe the latency benchmarks measure: about `minLines` lines of models, datasets (pointing at
// the repository's GSM8K test file), prompts and, filling the rest, evaluations, like a large real recipe.
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

function generateRecipe(minLines) {
  const out = ['passk: 1', 'name: bench-2000', 'description: Generated recipe for the LSP latency benchmark', 'models:'];
  const n = Math.ceil(minLines / 40);
  for (let i = 0; i < n; i++) {
    out.push(`  m${i}:`, `    baseUrl: http://127.0.0.1:${8000 + i}/v1`, `    model: org/model-${i}`, '    api: chat', '    concurrency: 8', '    maxRetries: 3');
  }
  out.push('datasets:');
  for (let i = 0; i < n; i++) {
    out.push(`  d${i}:`, `    path: ${path.join(root, 'data', 'gsm8k', 'test.jsonl')}`, '    question: question', '    answer: { field: answer, extract: gsm8k }');
  }
  out.push('prompts:');
  for (let i = 0; i < n; i++) {
    out.push(`  p${i}:`, '    system: You are a careful mathematician.', `    user: "Problem {{ id }}: {{ question }}\\nGive the final answer as \\\\boxed{}."`);
  }
  out.push('evaluate:');
  let i = 0;
  while (out.length < minLines) {
    out.push(`  e${i}:`, `    model: m${i % n}`, `    dataset: d${i % n}`, `    prompt: p${i % n}`, '    samples: 8', '    temperature: 0.7',
      '    maxTokens: 512', '    k: [1, 4, 8]', '    grader: { extract: auto, compare: math }', '    expect: { pass@1: 0.3 }');
    i++;
  }
  return out.join('\n') + '\n';
}

module.exports = { generateRecipe };
