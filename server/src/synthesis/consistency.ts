// Answer-consistency labelling (Xwin-Math, and most synthetic math corpora): a synthesized problem has no gold
// answer, so several independent solutions are sampled and the majority answer becomes its label, kept only when
// enough of the solutions agree. Agreement is judged by mathematical equivalence (`\frac12` and `0.5` vote
// together), and unanswered solutions count against agreement because they are part of the sample.
import { clusterAnswers } from '../answers';

export interface ConsistencyVerdict {
  /** The majority answer (its first written form), or null when no solution produced an answer. */
  label: string | null;
  /** Fraction of all solutions (answered or not) that agree with the label. */
  agreement: number;
  /** Indices of the solutions that agree with the label, in sample order. */
  agreeing: number[];
  accepted: boolean;
}

export function judgeConsistency(
  answers: (string | null)[],
  minAgreement: number,
  compare: 'math' | 'numeric' | 'exact',
): ConsistencyVerdict {
  if (answers.length === 0) return { label: null, agreement: 0, agreeing: [], accepted: false };
  const { clusters } = clusterAnswers(answers, compare);
  let best: { representative: string; members: number[] } | undefined;
  for (const c of clusters) {
    // Ties go to the cluster whose first member came first, so the verdict does not depend on map order.
    if (!best || c.members.length > best.members.length || (c.members.length === best.members.length && c.members[0]! < best.members[0]!)) best = c;
  }
  if (!best) return { label: null, agreement: 0, agreeing: [], accepted: false };
  const agreeing = [...best.members].sort((a, b) => a - b);
  const agreement = agreeing.length / answers.length;
  return { label: best.representative, agreement, agreeing, accepted: agreement >= minAgreement };
}
