// The simulated model. Each problem gets a latent skill (the chance one sample solves it) drawn from a
// distribution with many hard-but-not-impossible problems, so pass@1 sits far below pass@k, as Xwin-Math found
// for real 7B models. Wrong answers are near misses drawn from a few per-problem favourites, so majority voting
// has something to disagree about. Every output is a pure function of (problem, seed, choice).
import { hashString, mix, rng } from './rng';
import type { SimProblem } from './sim-problems';

export interface SimSample {
  text: string;
  /** The final answer written in the text. */
  answer: string;
  correct: boolean;
}

/** The per-problem chance that one sample is correct: 10% of problems are out of reach, the rest skill = u². */
export function latentSkill(question: string, simSeed = 0): number {
  const r = rng(mix(hashString(question), simSeed, 0x5ca1ab1e));
  if (r() < 0.1) return 0;
  const u = r();
  return u * u;
}

function nearMisses(gold: string, question: string): string[] {
  const r = rng(mix(hashString(question), 0xbadc0de));
  const num = Number(gold);
  if (gold.trim() !== '' && Number.isFinite(num)) {
    const step = Number.isInteger(num) ? Math.max(1, Math.round(Math.abs(num) * 0.1)) : Math.abs(num) / 10 || 1;
    const pick = () => (r() < 0.5 ? -1 : 1) * Math.ceil(r() * 3);
    const fmt = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toFixed(4))));
    return [fmt(num + step * pick()), fmt(num * 2), fmt(num + pick())];
  }
  return [`${gold}+1`, `-${gold}`, `2${gold}`];
}

const OPENERS = [
  "Let's think step by step.",
  'We solve this carefully.',
  'First, let us restate what is given.',
  'To begin, we identify the quantities involved.',
];

/**
 * The skill a model name asks for: `passk-sim@0.3` plays a weaker student than `passk-sim@3`, so a series of
 * checkpoints can be simulated (docs/models.md). Each problem's chance becomes its latent skill to the power
 * 1/skill: the same problems stay out of reach, the others get easier as the skill grows, and 1 (or no `@`) is
 * the simulator's usual student.
 */
export function modelSkill(model: string | undefined): number {
  const m = /@(\d+(?:\.\d+)?)$/.exec(model ?? '');
  const s = m ? Number(m[1]) : 1;
  return s > 0 && Number.isFinite(s) ? s : 1;
}

/** One simulated completion for a known problem; `sampleSeed` is the request seed plus the choice index. */
export function simulateSample(problem: SimProblem, sampleSeed: number, simSeed = 0, skill = 1): SimSample {
  const r = rng(mix(hashString(problem.question), sampleSeed >>> 0, simSeed));
  const correct = r() < latentSkill(problem.question, simSeed) ** (1 / skill);
  const misses = nearMisses(problem.gold, problem.question);
  const roll = r();
  const answer = correct ? problem.gold : misses[roll < 0.6 ? 0 : roll < 0.85 ? 1 : 2]!;
  const steps = 1 + Math.floor(r() * 3);
  const lines = [OPENERS[Math.floor(r() * OPENERS.length)]!];
  const words = problem.question.split(/\s+/).slice(0, 12).join(' ');
  lines.push(`The problem says: ${words}…`);
  for (let s = 1; s <= steps; s++) lines.push(`Step ${s}: we combine the quantities found so far (${Math.floor(r() * 90) + 10} units of work).`);
  lines.push(r() < 0.25 ? `So the final answer is $\\boxed{${answer}}$.` : `The answer is: ${answer}.`);
  return { text: lines.join('\n'), answer, correct };
}

/** What the simulator says to a prompt that matches no known problem: a plausible but ungradeable reply. */
export function simulateUnknown(prompt: string, sampleSeed: number): SimSample {
  const r = rng(mix(hashString(prompt), sampleSeed >>> 0));
  const answer = String(Math.floor(r() * 100));
  return { text: `I do not recognise this problem, so I guess.\nThe answer is: ${answer}.`, answer, correct: false };
}
