// Which template variables each place that uses a prompt provides (docs/recipe-format.md). The runs engine renders
// prompts with exactly these variables, so this table is the contract between validation and rendering.

export type TemplateContext = 'evaluate' | 'generate' | 'verify' | 'solve';

export const TEMPLATE_VARIABLES: Readonly<Record<TemplateContext, readonly string[]>> = {
  /** The dataset problem: its text, its id and the whole row; `examples` from `fewShot` (empty without it). */
  evaluate: ['question', 'id', 'row', 'examples'],
  /** The seed problem a new one is written from. */
  generate: ['seed.question', 'seed.answer', 'seed.row'],
  /** The new problem, and the seed it came from. */
  verify: ['question', 'seed.question', 'seed.answer', 'seed.row'],
  solve: ['question', 'seed.question', 'seed.answer', 'seed.row'],
};

/** Every variable any context provides: what a prompt that nothing uses yet is checked against. */
export const ALL_TEMPLATE_VARIABLES: readonly string[] = [...new Set(Object.values(TEMPLATE_VARIABLES).flat())];

/** Hover text for each template variable (markdown, one sentence). */
export const TEMPLATE_VARIABLE_DOCS: Readonly<Record<string, string>> = {
  question: 'The problem text: the dataset row\'s question field in evaluations, the newly generated problem in `verify` and `solve`.',
  id: 'The problem id: the dataset\'s `id` field, or the 1-based line number of the row.',
  row: 'The whole dataset row as parsed from JSON, e.g. `row.level` for a MATH row.',
  examples: 'The worked examples of the evaluation\'s `fewShot`: a list of `{question, answer, id, row}` (empty without `fewShot`), e.g. `{% for e in examples %}Q: {{ e.question }}\nA: {{ e.answer }}\n{% endfor %}`.',
  seed: 'The seed problem a new problem is generated from: `seed.question`, `seed.answer` and `seed.row`.',
  'seed.question': 'The seed problem\'s text.',
  'seed.answer': 'The seed problem\'s gold answer field, as written in the dataset.',
  'seed.row': 'The seed problem\'s whole dataset row.',
};
