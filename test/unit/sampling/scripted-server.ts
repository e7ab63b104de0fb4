// A small OpenAI-compatible chat server on 127.0.0.1 whose answer to each request is scripted by the test (a
// status, headers and a delay per request number), and which records when every request arrived and when every
// answer left, so tests can check what a client sent during a pause or to a replica it should have set aside.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** Milliseconds before answering. */
  delayMs?: number;
}

export interface ScriptedServer {
  url: string;
  /** Arrival times (Date.now()) of every completion request, in order. */
  arrivals: number[];
  /** When each non-200 answer was sent, with its status. */
  errorsSent: { at: number; status: number }[];
  /** 200 answers sent in full. */
  served: number;
  close(): Promise<void>;
}

export async function startScriptedServer(script: (requestNumber: number) => ScriptedReply): Promise<ScriptedServer> {
  const state: Omit<ScriptedServer, 'url' | 'close'> = { arrivals: [], errorsSent: [], served: 0 };
  const server = http.createServer((req, res) => {
    const n = state.arrivals.length;
    state.arrivals.push(Date.now());
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = script(n);
      const answer = () => {
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        if (status !== 200) {
          state.errorsSent.push({ at: Date.now(), status });
          res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
          return void res.end(JSON.stringify({ error: { message: `scripted ${status}`, type: 'scripted', code: null } }));
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { n?: number; model: string };
        const choices = Array.from({ length: body.n ?? 1 }, (_, index) => ({ index, message: { role: 'assistant', content: `The answer is: ${n}.` }, finish_reason: 'stop' }));
        state.served++;
        res.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify({ id: `c${n}`, object: 'chat.completion', created: 0, model: body.model, choices, usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } }));
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    get arrivals() { return state.arrivals; },
    get errorsSent() { return state.errorsSent; },
    get served() { return state.served; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port taken and released at once), so connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
