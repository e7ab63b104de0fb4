// Which template variables each place that uses a prompt provides (DESIGN §2). The runs engine renders
// prompts with exactly these variables, so this table is the contract between validation and rendering.

export type TemplateContext = 'evaluate' | 'generate' | 'verify' | 'solve';

export const TEMPLATE_VARIABLES: Readonly<Record<TemplateContext, readonly string[]>> = {
  /** The dataset problem: its text, its id and the whole row. */
  evaluate: ['question', 'id', 'row'],
  /** The seed problem a new one is written from. */
  generate: ['seed.question', 'seed.answer', 'seed.row'],
  /** The new problem, and the seed it came from. */
  verify: ['question', 'seed.question', 'seed.answer', 'seed.row'],
  solve: ['question', 'seed.question', 'seed.answer', 'seed.row'],
};

/** Every variable any context provides: what a prompt that nothing uses yet is checked against. */
export const ALL_TEMPLATE_VARIABLES: readonly string[] = [...new Set(Object.values(TEMPLATE_VARIABLES).flat())];
