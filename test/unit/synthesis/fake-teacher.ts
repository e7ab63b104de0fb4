// A small OpenAI-compatible chat server on 127.0.0.1 that plays generator, verifier and solver for synthesis
// tests, deterministically, so that every filter can be driven on purpose:
// - a generate prompt ("Given Question: …") gets "FINAL CREATED QUESTION: Remix <n>: <seed question>", except
//   that seeds marked DUP produce the same problem for every index, seeds marked LEAK copy a test problem, and
//   seeds marked JUNK produce no parsable question;
// - a verify prompt gets "yes", or "no" when the problem is marked UNSOLVABLE;
// - a solve prompt gets `n` solutions ending in "The answer is: 42.", or disagreeing answers when the problem is
//   marked AMBIGUOUS.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTeacher {
  url: string;
  requests: number;
  authHeaders: string[];
  close(): Promise<void>;
}

export const LEAKED_TEST_PROBLEM = 'A library lends 17 books on Monday and twice as many on Tuesday, then receives 9 books back on Wednesday. How many books are still lent out?';

function reply(prompt: string, n: number, seed: number): string[] {
  const given = /Given Question:\s*([\s\S]*?)\n\s*Write the final/.exec(prompt);
  if (given) {
    const q = given[1]!.trim();
    if (q.includes('JUNK')) return ['I would rather not.'];
    if (q.includes('LEAK')) return [`FINAL CREATED QUESTION: ${LEAKED_TEST_PROBLEM}`];
    const tag = q.includes('DUP') ? 'same' : String(seed % 1000);
    return [`Let me think.\nFINAL CREATED QUESTION: Remix ${tag} of the story: ${q.replace(/DUP/g, '')}`];
  }
  if (/Answer "yes" or "no"/.test(prompt)) return [prompt.includes('UNSOLVABLE') ? 'no, it contradicts itself' : 'yes, it is well-posed'];
  return Array.from({ length: n }, (_, i) => (prompt.includes('AMBIGUOUS') ? `Hmm. The answer is: ${i + 1}.` : `Step by step, 6 * 7 = 42. The answer is: 42.`));
}

export async function startFakeTeacher(): Promise<FakeTeacher> {
  const state = { requests: 0, authHeaders: [] as string[] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      state.requests++;
      state.authHeaders.push(String(req.headers.authorization ?? ''));
      const r = JSON.parse(body) as { messages: { content: string }[]; n?: number; seed?: number; model: string };
      const prompt = r.messages.map((m) => m.content).join('\n');
      const texts = reply(prompt, r.n ?? 1, r.seed ?? 0);
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
