// A small OpenAI-compatible chat server on 127.0.0.1 that plays generator, verifier and solver for synthesis
// tests, deterministically, so that every filter can be driven on purpose:
// - a generate prompt ("Given Question: …") gets "FINAL CREATED QUESTION: Remix <n>: <seed question>", except
//   that seeds marked DUP produce the same problem for every index, seeds marked LEAK copy a test problem, and
//   seeds marked JUNK produce no parsable question;
// - a verify prompt gets "yes", or "no" when the problem is marked UNSOLVABLE;
// - a solve prompt gets `n` solutions ending in "The answer is: 42.", or disagreeing answers when the problem is
//   marked AMBIGUOUS.
import { startChatServer, type ChatServer } from '../../helpers/chat-server';

export type FakeTeacher = ChatServer;

/**
 * Seed questions with one of each marker above (DUP, LEAK, JUNK, UNSOLVABLE, AMBIGUOUS) and two plain ones, so a
 * synthesis over them drives every filter; seed i's gold answer is `#### i` in the tests that use them.
 */
export const MARKED_SEEDS: readonly string[] = [
  'Tom has 3 apples and buys 4 more. How many apples does he have?',
  'A DUP train travels 60 miles per hour for 2 hours. How far does it go?',
  'LEAK Sara reads 10 pages a day for a week. How many pages does she read?',
  'JUNK A box holds 12 eggs. How many eggs are in 5 boxes?',
  'An UNSOLVABLE triangle has four sides of length 2. What is its perimeter?',
  'An AMBIGUOUS jar has some marbles. How many marbles are there?',
  'Mia earns $8 an hour and works 5 hours. How much does she earn?',
];

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

export function startFakeTeacher(): Promise<FakeTeacher> {
  return startChatServer((r) => reply(r.prompt, r.n, r.seed));
}
