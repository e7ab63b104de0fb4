// An OpenAI-compatible chat server on 127.0.0.1 whose every word is an injection attempt, for the HTML security
// tests: evaluation prompts ("Problem <i>: …") get answers ⟦payload⟧ drawn from the corpus, a synthesis
// generator prompt gets a new problem made of payloads plus the request's Authorization header echoed back (so
// a test can check the API key is scrubbed from what the editor is shown), a verifier prompt gets "yes" plus a
// payload, and a solver prompt gets solutions whose answers are payloads.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL, PAYLOADS } from './html-corpus';

export interface HostileModel {
  url: string;
  requests: number;
  close(): Promise<void>;
}

const pick = (i: number): string => PAYLOADS[((i % PAYLOADS.length) + PAYLOADS.length) % PAYLOADS.length]!;

function reply(prompt: string, n: number, auth: string): string[] {
  if (prompt.includes('Given Question:')) return [`Thinking ${ALL}\nFINAL CREATED QUESTION: ${ALL} (echo: ${auth})`];
  if (prompt.includes('Answer "yes" or "no"')) return [`yes ${pick(1)} (echo: ${auth})`];
  if (prompt.includes('Solve it.')) return Array.from({ length: n }, (_, j) => `${pick(j)} (echo: ${auth}) The answer is ⟦${j < n - 1 ? pick(3) : pick(4)}⟧`);
  const problem = Number(/Problem (\d+):/.exec(prompt)?.[1] ?? 0);
  return Array.from({ length: n }, (_, j) => `${ALL}\nThe answer is ⟦${pick(problem + j)}⟧.`);
}

export async function startHostileModel(): Promise<HostileModel> {
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      state.requests++;
      const r = JSON.parse(body) as { messages: { content: string }[]; n?: number; model: string };
      const texts = reply(r.messages.map((m) => m.content).join('\n'), r.n ?? 1, String(req.headers.authorization ?? ''));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        id: `chatcmpl-${state.requests}`, object: 'chat.completion', created: 0, model: r.model,
        choices: texts.map((content, index) => ({ index, message: { role: 'assistant', content }, finish_reason: 'stop' })),
        usage: { prompt_tokens: 10, completion_tokens: 10 * texts.length, total_tokens: 10 + 10 * texts.length },
      }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() { return state.requests; },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
