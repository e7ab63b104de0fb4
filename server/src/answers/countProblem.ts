// One problem's graded samples in the form the statistics core takes: how many samples, how many correct, and
// the sizes of the clusters of equivalent answers with the index of the gold one (for exact maj@k).
import { answersEqual, type CompareMode } from './answersEqual';
import { clusterAnswers } from './clusterAnswers';

export interface ProblemGrades {
  n: number;
  correct: number;
  clusterSizes: number[];
  /** The largest cluster equal to the gold answer, or null. */
  correctCluster: number | null;
  /** Every cluster equal to the gold answer (usually one; two when e.g. 0.333 and 0.334 both round to 0.33). */
  correctClusters: number[];
  unanswered: number;
  /** Per sample: equal to the gold answer (unanswered samples are false). */
  verdicts: boolean[];
}

/**
 * Grades each sample against the gold answer and clusters the answers. Correctness is decided per sample (the
 * pass@k count); a cluster is correct when its representative equals the gold answer.
 */
export function countProblem(gold: string, answers: readonly (string | null)[], compare: CompareMode | string = 'math'): ProblemGrades {
  const verdicts = answers.map((a) => typeof a === 'string' && a.trim() !== '' && answersEqual(gold, a, compare));
  const { clusters, unanswered } = clusterAnswers(answers, compare);
  const correctClusters = clusters.flatMap((c, i) => (verdicts[c.members[0]!] ? [i] : []));
  const correctCluster = correctClusters[0] ?? null;
  return {
    n: answers.length,
    correct: verdicts.filter(Boolean).length,
    clusterSizes: clusters.map((c) => c.members.length),
    correctCluster,
    correctClusters,
    unanswered,
    verdicts,
  };
}
