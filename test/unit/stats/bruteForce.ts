// Reference implementations by enumeration of every k-subset: slow, obviously correct, used only by tests.

export function* subsets(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/** labels[i] is the cluster of sample i, or -1 when unanswered. */
export function bruteMaj(labels: number[], correct: number | null, k: number): number {
  let total = 0;
  let count = 0;
  for (const s of subsets(labels.length, k)) {
    count++;
    const votes = new Map<number, number>();
    for (const i of s) if (labels[i]! >= 0) votes.set(labels[i]!, (votes.get(labels[i]!) ?? 0) + 1);
    if (votes.size === 0 || correct === null) continue;
    const max = Math.max(...votes.values());
    const winners = [...votes.entries()].filter(([, v]) => v === max).map(([c]) => c);
    if (winners.includes(correct)) total += 1 / winners.length;
  }
  return total / count;
}

export function brutePass(n: number, c: number, k: number): number {
  let hit = 0;
  let count = 0;
  for (const s of subsets(n, k)) {
    count++;
    if (s.some((i) => i < c)) hit++;
  }
  return hit / count;
}
