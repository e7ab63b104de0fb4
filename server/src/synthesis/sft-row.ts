// The SFT export format (docs/recipe-format.md): one JSON object a line with chat `messages`, the consensus `answer`, and
// `meta` that lets anyone trace a row back to its seed and the models that made it.

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface SftRow {
  messages: ChatMessage[];
  answer: string;
  meta: {
    /** Recipe entry that produced the row. */
    entry: string;
    seed: string;
    generator: string;
    solver: string;
    agreement: number;
    solutions: number;
  };
}

export function sftRow(input: {
  entry: string;
  question: string;
  solution: string;
  answer: string;
  seedId: string;
  generator: string;
  solver: string;
  agreement: number;
  solutions: number;
  system?: string;
}): SftRow {
  const messages: ChatMessage[] = [];
  if (input.system) messages.push({ role: 'system', content: input.system });
  messages.push({ role: 'user', content: input.question }, { role: 'assistant', content: input.solution });
  return {
    messages,
    answer: input.answer,
    meta: {
      entry: input.entry,
      seed: input.seedId,
      generator: input.generator,
      solver: input.solver,
      agreement: Math.round(input.agreement * 1e4) / 1e4,
      solutions: input.solutions,
    },
  };
}
