// A minimal OpenAI-compatible chat completions server on 127.0.0.1 for tests that need a model whose every reply
// they decide: `reply` gets the joined message contents, the requested `n`, the seed and the Authorization
// header, and returns the texts of the choices. It counts requests and keeps the Authorization headers it saw.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  /** The contents of every message, joined by newlines. */
  prompt: string;
  n: number;
  seed: number;
  authorization: string;
}

export interface ChatServer {
  url: string;
  requests: number;
  authHeaders: string[];
  close(): Promise<void>;
}

export async function startChatServer(reply: (r: ChatRequest) => string[]): Promise<ChatServer> {
  const state = { requests: 0, authHeaders: [] as string[] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      state.requests++;
      const authorization = String(req.headers.authorization ?? '');
      state.authHeaders.push(authorization);
      const r = JSON.parse(body) as { messages: { content: string }[]; n?: number; seed?: number; model: string };
      const texts = reply({ prompt: r.messages.map((m) => m.content).join('\n'), n: r.n ?? 1, seed: r.seed ?? 0, authorization });
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
    set requests(v: number) { state.requests = v; },
    authHeaders: state.authHeaders,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
