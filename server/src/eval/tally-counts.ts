// The statistics' view of one problem's tally: answers grouped into clusters by mathematical equivalence (so
// `0.5` and `\frac{1}{2}` vote together for maj@k) and the clusters the grader judged correct. `passk eval`'s
// summary and `passk score` on a run's samples.jsonl both go through here, so they cannot disagree.
import { clusterAnswers } from '../answers';
import type { GraderSpec } from '../recipe/model';
import type { ProblemTally } from '../runs/problem-tally';
import type { ProblemCounts } from '../stats';

export function tallyCounts(t: ProblemTally | undefined, id: string, compare: GraderSpec['compare']): ProblemCounts {
  if (!t || t.n === 0) return { problem: id, n: 0, correct: 0, clusterSizes: [], correctCluster: null, unanswered: t?.unanswered ?? 0 };
  const distinct = [...t.answers.keys()];
  const { clusters } = clusterAnswers(distinct, compare);
  const clusterSizes: number[] = [];
  // Every cluster holding an answer the grader accepted wins the vote for the gold answer: the clusterer may
  // keep two forms apart that the grader (comparing each with the gold) judged both correct.
  const correctClusters: number[] = [];
  clusters.forEach((c, i) => {
    let size = 0;
    let correct = false;
    for (const m of c.members) {
      const a = t.answers.get(distinct[m]!)!;
      size += a.count;
      correct ||= a.correct;
    }
    clusterSizes.push(size);
    if (correct) correctClusters.push(i);
  });
  const correctCluster = correctClusters.length === 0 ? null : correctClusters.length === 1 ? correctClusters[0]! : correctClusters;
  return { problem: id, n: t.n, correct: t.correct, clusterSizes, correctCluster, unanswered: t.unanswered };
}
