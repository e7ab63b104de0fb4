// Clustering of sampled answers by equivalence, for maj@k and consistency labels. Answers are grouped by their
// canonical key first (equal numbers always share one), and only the few remaining groups are merged pairwise
// with answersEqual, so n = 1024 samples never cost a million comparisons.
import { answerKey } from './answerKey';
import { answersEqual, type CompareMode } from './answersEqual';

export interface Clusters {
  clusters: { representative: string; members: number[] }[];
  unanswered: number;
}

/** Pairwise merging stops beyond this many distinct keys; the rest stay separate (bounded time). */
const MAX_PAIRWISE = 400;

/**
 * Groups answers into clusters of equivalent answers (null = unanswered, never a cluster). Two rational keys
 * never merge (their keys are canonical); other clusters merge when answersEqual holds in either direction.
 * Clusters come out largest first; the representative is the first member's text.
 */
export function clusterAnswers(answers: readonly (string | null)[], compare: CompareMode | string = 'math'): Clusters {
  const byKey = new Map<string, number[]>();
  let unanswered = 0;
  answers.forEach((a, i) => {
    if (a === null || a === undefined || (typeof a === 'string' && a.trim() === '')) {
      unanswered++;
      return;
    }
    const key = compare === 'exact' ? `x:${a.trim()}` : answerKey(a);
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  });
  const groups = [...byKey.entries()].map(([key, members]) => ({ key, members }));
  if (compare !== 'exact' && groups.length <= MAX_PAIRWISE) {
    for (let i = 0; i < groups.length; i++) {
      const gi = groups[i]!;
      if (gi.members.length === 0) continue;
      for (let j = i + 1; j < groups.length; j++) {
        const gj = groups[j]!;
        if (gj.members.length === 0 || (gi.key.startsWith('q:') && gj.key.startsWith('q:'))) continue;
        const a = answers[gi.members[0]!]!;
        const b = answers[gj.members[0]!]!;
        if (answersEqual(a, b, compare) || answersEqual(b, a, compare)) {
          gi.members.push(...gj.members);
          gj.members = [];
        }
      }
    }
  }
  const clusters = groups
    .filter((g) => g.members.length > 0)
    .map((g) => {
      const members = g.members.sort((x, y) => x - y);
      return { representative: answers[members[0]!]!.trim(), members };
    })
    .sort((x, y) => y.members.length - x.members.length || x.members[0]! - y.members[0]!);
  return { clusters, unanswered };
}

/** Index of the cluster equal to the gold answer, or null. */
export function correctClusterIndex(clusters: Clusters['clusters'], gold: string, compare: CompareMode | string = 'math'): number | null {
  const i = clusters.findIndex((c) => answersEqual(gold, c.representative, compare));
  return i === -1 ? null : i;
}
