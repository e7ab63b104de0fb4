// One problem's graded samples in the form the statistics core takes: how many samples, how many correct, and
// the sizes of the clusters of equivalent answers with the index of the gold one (for exact maj@k).
import { answersEqual, type CompareMode } from './answersEqual';
import { clusterAnswers } from './clusterAnswers';

export interface ProblemGrades {
  n: number;
  correct: number;
  clusterSizes: number[];
  correctCluster: number | null;
  unanswered: number;
  /** Per sample: equal to the gold answer (unanswered samples are false). */
  verdicts: boolean[];
}

/**
 * Grades each sample against the gold answer and clusters the answers. Correctness is decided per sample (the
 * pass@k count), and the correct cluster is the largest cluster whose representative equals the gold answer.
 */
export function countProblem(gold: string, answers: readonly (string | null)[], compare: CompareMode | string = 'math'): ProblemGrades {
  const verdicts = answers.map((a) => typeof a === 'string' && a.trim() !== '' && answersEqual(gold, a, compare));
  const { clusters, unanswered } = clusterAnswers(answers, compare);
  let correctCluster: number | null = null;
  for (let i = 0; i < clusters.length && correctCluster === null; i++) {
    const c = clusters[i]!;
    if (verdicts[c.members[0]!]) correctCluster = i;
  }
  return {
    n: answers.length,
    correct: verdicts.filter(Boolean).length,
    clusterSizes: clusters.map((c) => c.members.length),
    correctCluster,
    unanswered,
    verdicts,
  };
}
