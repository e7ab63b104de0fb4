// Clustering of sampled answers by equivalence, for maj@k and consistency labels. Answers are grouped by their
// canonical key first (equal numbers always share one), and only groups whose keys are not canonical (symbolic
// answers) are merged pairwise with answersEqual, under a budget, so n = 1024 samples never cost a million
// comparisons.
import { answerKey } from './answerKey';
import { answersEqual, type CompareMode } from './answersEqual';

export interface Clusters {
  clusters: { representative: string; members: number[] }[];
  unanswered: number;
}

/**
 * At most this many pairwise answersEqual checks per call (bounded time); groups are visited largest first, so
 * when the budget runs out it is the rare singletons that stay unmerged.
 */
const MAX_COMPARISONS = 20_000;

/** Keys of these kinds are canonical among themselves: two different ones are never equal answers. */
function canonicalPair(a: string, b: string): boolean {
  return (a.startsWith('q:') || a.startsWith('t:')) && (b.startsWith('q:') || b.startsWith('t:'));
}

/**
 * Groups answers into clusters of equivalent answers (null = unanswered, never a cluster). Two rational or two
 * text keys never merge (their keys are canonical); other groups merge when answersEqual holds either way.
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
  groups.sort((x, y) => y.members.length - x.members.length || x.members[0]! - y.members[0]!);
  let budget = compare === 'exact' ? 0 : MAX_COMPARISONS;
  for (let i = 0; i < groups.length && budget > 0; i++) {
    const gi = groups[i]!;
    if (gi.members.length === 0) continue;
    for (let j = i + 1; j < groups.length && budget > 0; j++) {
      const gj = groups[j]!;
      if (gj.members.length === 0 || canonicalPair(gi.key, gj.key)) continue;
      budget--;
      const a = answers[gi.members[0]!]!;
      const b = answers[gj.members[0]!]!;
      if (answersEqual(a, b, compare) || answersEqual(b, a, compare)) {
        gi.members.push(...gj.members);
        gj.members = [];
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
