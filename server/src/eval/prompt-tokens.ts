// Counts the prompt tokens one request sends, for the estimate shown before a run (docs/runs.md, "Cost and time
// before a run"). The count uses a real BPE tokenizer, OpenAI's cl100k_base (GPT-4 and GPT-3.5), through
// gpt-tokenizer: its tables add about 1.2 MB to each bundle, where o200k_base would add 2.4 MB. Other model
// families split text differently, so for them the count is an estimate of the same order, not their bill.
//
// The tokenizer builds its tables when its module is first evaluated, which takes about a hundred milliseconds;
// it is required on first use rather than imported, so the language server and `passk --version` do not pay for
// it at start-up (the bundler evaluates a required module only when the require runs).
import { completionPrompt, type PromptText } from '../sampling/provider';

type Tokenizer = typeof import('gpt-tokenizer/encoding/cl100k_base');
let tokenizer: Tokenizer | undefined;
const countTokens: Tokenizer['countTokens'] = (text, options) => {
  tokenizer ??= require('gpt-tokenizer/encoding/cl100k_base') as Tokenizer;
  return tokenizer.countTokens(text, options);
};

/**
 * Tokens a chat request adds around each message (role and separators) and once to prime the reply, as OpenAI
 * documents for its chat models; a completions request sends the text alone.
 */
const PER_MESSAGE = 3;
const REPLY_PRIMER = 3;

/**
 * Text that spells a special token (`<|endoftext|>`) is counted as ordinary text: a dataset row may hold it,
 * and the tokenizer would otherwise refuse the whole text.
 */
const PLAIN = { disallowedSpecial: new Set<string>() };

/** The tokens of one text. */
export function textTokens(text: string): number {
  return text ? countTokens(text, PLAIN) : 0;
}

/** The prompt tokens of one request for `prompt` through the chat or completions API. */
export function promptTokens(prompt: PromptText, api: 'chat' | 'completions'): number {
  if (api === 'completions') return textTokens(completionPrompt(prompt));
  const messages = prompt.system !== undefined ? [prompt.system, prompt.user] : [prompt.user];
  return messages.reduce((s, m) => s + textTokens(m) + PER_MESSAGE, REPLY_PRIMER);
}
