// The simulator's side of a synthesis dry run. A recipe's generate stage asks for a new problem written from a
// seed problem; the simulator answers with a variant of the seed (a new setting and a new name, the same
// quantities, so the same answer) after "FINAL CREATED QUESTION:", the marker Xwin-Math's prompt asks for, and
// remembers the variant so that later solve requests about it are answered like any known problem (with the
// latent skill, so consistency filtering has real work to do). A verify stage gets "yes" for nine variants in
// ten. This is a test tool: the variants are cosmetic, which is all a pipeline dry run needs.
import { hashString, mix, rng } from './rng';
import type { SimProblem } from './sim-problems';

const SETTINGS = [
  'At a summer fair,', 'In a small village,', 'During a school trip,', 'On a busy Saturday,', 'At the city library,',
  'In a mountain cabin,', 'At a farmers market,', 'On a rainy afternoon,', 'In a science club,', 'At a bakery downtown,',
  'During spring break,', 'In a toy workshop,',
];
const NAMES = ['Amara', 'Bilal', 'Chen', 'Dalia', 'Emeka', 'Farida', 'Goran', 'Hana', 'Ivo', 'Jia', 'Kofi', 'Lena'];

/** True for a prompt that asks the model to write a new problem (a synthesis generate stage). */
export function isGenerationPrompt(prompt: string): boolean {
  return /FINAL CREATED QUESTION/i.test(prompt) || /\b(create|write|generate|compose)\b[^.\n]{0,60}\b(new|similar)\b[^.\n]{0,40}\b(question|problem)\b/i.test(prompt);
}

/** True for a prompt that asks whether a problem is well-posed (a synthesis verify stage). */
export function isVerificationPrompt(prompt: string): boolean {
  return /\b(well-posed|solvable|valid)\b/i.test(prompt) && /\byes\b/i.test(prompt) && /\bno\b/i.test(prompt);
}

const NOT_PEOPLE = new Set([
  'The', 'There', 'This', 'That', 'These', 'Each', 'Every', 'Some', 'How', 'What', 'When', 'Where', 'Which', 'Who', 'If', 'In',
  'On', 'At', 'For', 'She', 'He', 'They', 'Her', 'His', 'Their', 'It', 'After', 'Before', 'Then', 'January', 'February', 'March',
  'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Monday', 'Tuesday', 'Wednesday',
  'Thursday', 'Friday', 'Saturday', 'Sunday',
]);

/** The story's main person: a capitalised word, not a month, weekday or function word, that occurs twice. */
function mainPerson(question: string): string | undefined {
  const counts = new Map<string, number>();
  for (const m of question.matchAll(/\b[A-Z][a-z]{2,}\b/g)) if (!NOT_PEOPLE.has(m[0])) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  for (const [word, n] of counts) if (n >= 2) return word;
  return undefined;
}

/** A variant of a seed problem: same quantities and answer, another setting and person. */
export function variantOf(seed: SimProblem, sampleSeed: number): SimProblem {
  const r = rng(mix(hashString(seed.question), sampleSeed >>> 0, 0x5e7));
  const setting = SETTINGS[Math.floor(r() * SETTINGS.length)]!;
  const name = NAMES[Math.floor(r() * NAMES.length)]!;
  const person = mainPerson(seed.question);
  let body = person ? seed.question.split(person).join(name) : seed.question;
  // A leading function word joins the setting in lower case; a leading name keeps its capital.
  const first = /^[A-Za-z]+/.exec(body)?.[0] ?? '';
  if (NOT_PEOPLE.has(first) || first === 'A' || first === 'An') body = body.charAt(0).toLowerCase() + body.slice(1);
  return { question: `${setting} ${body}`, gold: seed.gold };
}

export interface SynthesisReply {
  text: string;
  /** A new problem the simulator should know from now on. */
  learned?: SimProblem;
}

/** The reply to a generate or verify prompt about a known problem; undefined for anything else. */
export function synthesisReply(prompt: string, known: SimProblem | undefined, sampleSeed: number): SynthesisReply | undefined {
  if (!known) return undefined;
  if (isGenerationPrompt(prompt)) {
    const v = variantOf(known, sampleSeed);
    return { text: `Let me write a similar problem and check that it is solvable.\nFINAL CREATED QUESTION: ${v.question}`, learned: v };
  }
  if (isVerificationPrompt(prompt)) {
    const ok = rng(mix(hashString(known.question), sampleSeed >>> 0, 0x7e5))() < 0.9;
    return { text: ok ? 'yes, the problem is well-posed and solvable.' : 'no, the problem is ambiguous as written.' };
  }
  return undefined;
}
