// Answer-consistency labelling (Xwin-Math, and most synthetic math corpora): a synthesized problem has no gold
// answer, so several independent solutions are sampled and the majority answer becomes its label, kept only when
// enough of the solutions agree. Agreement is judged by mathematical equivalence (`\frac12` and `0.5` vote
// together), and unanswered solutions count against agreement because they are part of the sample.
//
// The rule (docs/recipe-format.md, "Consistency"): a problem is kept when one answer has a strict plurality (more
// votes than every other answer) AND its share of all solutions is at least `minAgreement`. A tie for the most
// votes is not a majority: with 2–2 the label would be whichever answer happened to come first, so the problem
// is rejected as inconsistent whatever `minAgreement` says.
import { clusterAnswers } from '../answers';

export interface ConsistencyVerdict {
  /** The plurality answer (its first written form), or null when no solution produced an answer. */
  label: string | null;
  /** Fraction of all solutions (answered or not) that agree with the label. */
  agreement: number;
  /** Indices of the solutions that agree with the label, in sample order. */
  agreeing: number[];
  /** Another answer has as many votes as the label, so there is no plurality. */
  tie: boolean;
  accepted: boolean;
}

export function judgeConsistency(
  answers: (string | null)[],
  minAgreement: number,
  compare: 'math' | 'numeric' | 'exact',
): ConsistencyVerdict {
  const none: ConsistencyVerdict = { label: null, agreement: 0, agreeing: [], tie: false, accepted: false };
  if (answers.length === 0) return none;
  const { clusters } = clusterAnswers(answers, compare);
  let best: { representative: string; members: number[] } | undefined;
  let tie = false;
  for (const c of clusters) {
    // The reported label of a tie is the cluster whose first member came first, so the verdict's detail does not
    // depend on map order; the tie itself rejects the problem.
    if (!best || c.members.length > best.members.length) {
      best = c;
      tie = false;
    } else if (c.members.length === best.members.length) {
      tie = true;
      if (c.members[0]! < best.members[0]!) best = c;
    }
  }
  if (!best) return none;
  const agreeing = [...best.members].sort((a, b) => a - b);
  const agreement = agreeing.length / answers.length;
  return { label: best.representative, agreement, agreeing, tie, accepted: !tie && agreement >= minAgreement };
}
