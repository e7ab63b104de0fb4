// Turns one OpenAI-style completion request into the simulator's response body. Choice j of a request with
// seed s is generated from seed s + j, so one request with `n` choices and n separate requests with seeds
// s, s+1, … give identical samples; that is the contract the client's `n` fallback relies on.
import type { QuestionIndex } from './question-index';
import { modelSkill, simulateSample, simulateUnknown } from './responder';
import { synthesisReply } from './synthesis-responder';

export interface CompletionRequest {
  model?: string;
  messages?: { role: string; content: unknown }[];
  prompt?: unknown;
  n?: number;
  seed?: number;
  max_tokens?: number;
  stop?: string | string[];
}

export interface CompletionOptions {
  honourN: boolean;
  /** Most choices one response carries (servers often cap `n`); unlimited when absent. */
  maxChoices?: number;
  simSeed: number;
}

const tokensOf = (text: string) => Math.ceil(text.length / 4);

export function promptText(req: CompletionRequest): string {
  if (Array.isArray(req.messages)) {
    return req.messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n\n');
  }
  if (typeof req.prompt === 'string') return req.prompt;
  if (Array.isArray(req.prompt)) return req.prompt.map(String).join('\n');
  return '';
}

export function completionBody(kind: 'chat' | 'completions', req: CompletionRequest, index: QuestionIndex, opts: CompletionOptions): object {
  const prompt = promptText(req);
  const problem = index.find(prompt);
  const n = opts.honourN ? Math.max(1, Math.min(opts.maxChoices ?? 128, 128, Math.floor(req.n ?? 1))) : 1;
  const seed = typeof req.seed === 'number' ? req.seed : Math.floor(Math.random() * 2 ** 31);
  const stops = req.stop === undefined ? [] : Array.isArray(req.stop) ? req.stop : [req.stop];
  let completionTokens = 0;
  const choices = [];
  for (let j = 0; j < n; j++) {
    const synth = synthesisReply(prompt, problem, seed + j);
    if (synth?.learned) index.add(synth.learned);
    const s = synth ?? (problem ? simulateSample(problem, seed + j, opts.simSeed, modelSkill(req.model)) : simulateUnknown(prompt, seed + j));
    let text = s.text;
    let finish: 'stop' | 'length' = 'stop';
    for (const stop of stops) {
      const at = stop ? text.indexOf(stop) : -1;
      if (at >= 0) text = text.slice(0, at);
    }
    if (req.max_tokens !== undefined && tokensOf(text) > req.max_tokens) {
      text = text.slice(0, req.max_tokens * 4);
      finish = 'length';
    }
    completionTokens += tokensOf(text);
    choices.push(
      kind === 'chat'
        ? { index: j, message: { role: 'assistant', content: text }, finish_reason: finish, logprobs: null }
        : { index: j, text, finish_reason: finish, logprobs: null },
    );
  }
  const promptTokens = tokensOf(prompt);
  return {
    id: `sim-${seed}-${n}`,
    object: kind === 'chat' ? 'chat.completion' : 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model ?? 'passk-sim',
    choices,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}
