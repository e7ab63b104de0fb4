// Running per-problem counts of a run: how many samples, how many correct, and how often each distinct answer
// came up. That is all the statistics need (pass@k from n and c, maj@k from the answer clusters), so a run of
// millions of samples is summarised without keeping the sample texts in memory.
import type { SampleRecord } from './sample-record';

export interface ProblemTally {
  problem: string;
  n: number;
  correct: number;
  unanswered: number;
  /** Distinct extracted answers with their count and whether they were judged correct. */
  answers: Map<string, { count: number; correct: boolean }>;
  /** Sample indices present, so resume can request exactly the missing ones. */
  indices: Set<number>;
}

export function newTally(problem: string): ProblemTally {
  return { problem, n: 0, correct: 0, unanswered: 0, answers: new Map(), indices: new Set() };
}

/** Adds one sample; returns false (and changes nothing) when that sample index was already counted. */
export function addToTally(t: ProblemTally, r: Pick<SampleRecord, 'index' | 'answer' | 'correct'>): boolean {
  if (t.indices.has(r.index)) return false;
  t.indices.add(r.index);
  t.n++;
  if (r.correct) t.correct++;
  if (r.answer === null || r.answer.trim() === '') t.unanswered++;
  else {
    const a = t.answers.get(r.answer);
    if (a) {
      a.count++;
      a.correct ||= r.correct;
    } else t.answers.set(r.answer, { count: 1, correct: r.correct });
  }
  return true;
}

/** Indices in [0, samples) that the tally does not have yet, in increasing order. */
export function missingIndices(t: ProblemTally | undefined, samples: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) if (!t || !t.indices.has(i)) out.push(i);
  return out;
}
