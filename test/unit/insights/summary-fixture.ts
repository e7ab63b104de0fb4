// Builds real RunSummary values for the insights tests: samples go through the run tallies and the same
// `summarizeRun` the engine uses, so the figures the tests check are computed, not typed in.
import { summarizeRun } from '../../../server/src/eval';
import { addToTally, newTally, type ProblemTally } from '../../../server/src/runs/problem-tally';
import type { RunManifest } from '../../../server/src/runs/run-manifest';
import type { RunSummary } from '../../../server/src/runs/run-summary';

export interface FixtureProblem {
  id: string;
  line: number;
  gold: string;
  /** The answers of the samples in order; `null` means the sample gave none. */
  answers: (string | null)[];
}

export function manifest(samples: number, k: number[], expect: Record<string, number> = {}): RunManifest {
  return {
    kind: 'eval', version: 2, sampleIdentity: 'c'.repeat(64), figures: 'd'.repeat(64), entry: 'gsm', recipe: '/tmp/x.recipe.yaml', fingerprint: 'f'.repeat(64),
    created: '2026-11-27T10:00:00.000Z', updated: '2026-11-27T12:00:00.000Z',
    model: { name: 'student', model: 'sim', api: 'chat', endpoint: 'http://127.0.0.1:1', baseUrls: ['http://127.0.0.1:1/v1'] },
    dataset: { name: 'gsm8k', path: '/tmp/gsm.jsonl', sha256: '0'.repeat(64) },
    prompt: { name: 'cot', user: '{{ question }}' },
    params: { temperature: 0.7, topP: 1, maxTokens: 256 },
    samples, k, grader: { extract: 'auto', compare: 'math' }, problems: 0, expect,
  };
}

export function summaryOf(problems: FixtureProblem[], samples: number, k: number[], expect: Record<string, number> = {}): RunSummary {
  const tallies = new Map<string, ProblemTally>();
  for (const p of problems) {
    const t = newTally(p.id);
    p.answers.forEach((answer, index) => addToTally(t, { index, answer, correct: answer !== null && p.gold !== '' && answer === p.gold }));
    tallies.set(p.id, t);
  }
  const m = { ...manifest(samples, k, expect), problems: problems.length };
  return summarizeRun({ manifest: m, runDir: '/tmp/run', problems: problems.map((p) => ({ id: p.id, line: p.line, gold: p.gold })), tallies, tokens: { prompt: 0, completion: 0 } });
}

/** `count` copies of `answer`. */
export const times = (answer: string | null, count: number): (string | null)[] => Array.from({ length: count }, () => answer);
