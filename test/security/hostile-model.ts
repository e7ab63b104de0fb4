// An OpenAI-compatible chat server on 127.0.0.1 whose every word is an injection attempt, for the HTML security
// tests: evaluation prompts ("Problem <i>: …") get answers ⟦payload⟧ drawn from the corpus, a synthesis
// generator prompt gets a new problem made of payloads plus the request's Authorization header echoed back (so
// a test can check the API key is scrubbed from what the editor is shown), a verifier prompt gets "yes" plus a
// payload, and a solver prompt gets solutions whose answers are payloads.
import { startChatServer, type ChatServer } from '../helpers/chat-server';
import { ALL, PAYLOADS } from './html-corpus';

export type HostileModel = ChatServer;

const pick = (i: number): string => PAYLOADS[((i % PAYLOADS.length) + PAYLOADS.length) % PAYLOADS.length]!;

function reply(prompt: string, n: number, auth: string): string[] {
  if (prompt.includes('Given Question:')) return [`Thinking ${ALL}\nFINAL CREATED QUESTION: ${ALL} (echo: ${auth})`];
  if (prompt.includes('Answer "yes" or "no"')) return [`yes ${pick(1)} (echo: ${auth})`];
  if (prompt.includes('Solve it.')) return Array.from({ length: n }, (_, j) => `${pick(j)} (echo: ${auth}) The answer is ⟦${j < n - 1 ? pick(3) : pick(4)}⟧`);
  const problem = Number(/Problem (\d+):/.exec(prompt)?.[1] ?? 0);
  return Array.from({ length: n }, (_, j) => `${ALL}\nThe answer is ⟦${pick(problem + j)}⟧.`);
}

export function startHostileModel(): Promise<HostileModel> {
  return startChatServer((r) => reply(r.prompt, r.n, r.authorization));
}
