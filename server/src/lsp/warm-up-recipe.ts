// A recipe the analysis worker checks while it waits for its first real one (analysis-worker-main.ts). Code runs
// several times slower before V8 has compiled it, and the first analysis of a large recipe paid for that: the
// worker starts before the server has even loaded (main.ts), so it has that time to spare for a warm-up. The
// recipe uses every section and every YAML scalar style, block and flow collections, templates with filters,
// `${env:…}` and patterns, so each path of the parser and of the checks has run before a real recipe comes.
// Round `round` renames every entry, so nothing is shared between rounds.

export function warmUpRecipe(round: number, entries = 12): string {
  const r = `w${round}`;
  const out = ['passk: 1', `name: warm-up-${r}`, 'description: "the analysis worker\'s warm-up"', 'models:'];
  for (let i = 0; i < entries; i++) {
    out.push(
      `  ${r}m${i}:`,
      `    baseUrl: \${env:PASSK_WARM_UP_URL_${i}:http://127.0.0.1:${8000 + i}/v1}`,
      `    model: 'org/model-${i}'`,
      `    api: ${i % 2 ? 'chat' : 'completions'}`,
      '    concurrency: 8',
      '    maxRetries: 3',
      '    price: { inputPerMTok: 0.5, outputPerMTok: 1.5 }',
    );
  }
  out.push('datasets:');
  for (let i = 0; i < entries; i++) {
    out.push(`  ${r}d${i}:`, `    path: data/set-${i}.jsonl`, '    question: question', `    answer: { field: answer, extract: ${i % 2 ? 'gsm8k' : 'boxed'} }`);
  }
  out.push('prompts:');
  for (let i = 0; i < entries; i++) {
    out.push(`  ${r}p${i}: "Problem {{ id }}: {{ question | trim }}\\nGive the final answer as \\\\boxed{}."`);
    out.push(`  ${r}q${i}:`, '    system: You are a careful mathematician.', '    user: |', '      Solve the problem below.', '', '      {{ seed.question }}', `      {% if seed.answer %}Hint ${i}.{% endif %}`);
    out.push(`  ${r}v${i}: >`, '    Is this problem well-posed?', "    Answer 'yes' or 'no'.", '    {{ question }}');
  }
  out.push('synthesize:');
  for (let i = 0; i < Math.ceil(entries / 4); i++) {
    out.push(
      `  ${r}s${i}:`,
      `    seeds: ${r}d${i}`,
      '    perSeed: 4',
      `    generate: { model: ${r}m${i}, prompt: ${r}q${i}, temperature: 1.0, maxTokens: 512, parse: 'QUESTION:\\s*([\\s\\S]+)$' }`,
      `    verify: { model: ${r}m${i}, prompt: ${r}v${i}, accept: '^\\s*(yes|valid)' }`,
      `    solve: { model: ${r}m${i}, prompt: ${r}p${i}, samples: 4, temperature: 0.8 }`,
      '    filters:',
      '      consistency: { minAgreement: 0.5 }',
      '      dedup: { ngram: 5, threshold: 0.9 }',
      `      decontaminate: { against: [${r}d${(i + 1) % entries}], ngram: 13 }`,
      `    output: out/${r}-${i}.jsonl`,
    );
  }
  out.push('evaluate:');
  for (let i = 0; i < entries * 2; i++) {
    const m = i % entries;
    out.push(
      `  ${r}e${i}:`,
      `    model: ${r}m${m}`,
      `    dataset: ${r}d${m}`,
      `    prompt: ${r}p${m}`,
      '    samples: 8',
      '    temperature: 0.7',
      '    maxTokens: 512',
      '    k: [1, 4, 8]',
      `    grader: { extract: ${i % 3 ? 'auto' : "'regex:answer is (\\d+)'"}, compare: math }`,
      '    expect: { pass@1: 0.3 }',
    );
  }
  return `${out.join('\n')}\n`;
}
