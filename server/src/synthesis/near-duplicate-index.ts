// Near-duplicate detection among synthesized problems at the scale of a million rows. Comparing every pair is
// quadratic, so candidates come from MinHash locality-sensitive hashing over 128 hash functions split into bands
// (at threshold 0.9: 16 bands of 8 rows, so a pair at Jaccard 0.9 collides in some band with probability > 0.9999
// and a pair at 0.5 with about 0.06), and each candidate is then confirmed with the exact Jaccard similarity of
// the two shingle sets. The decision is therefore exact for every pair LSH proposes; only the proposal step is
// probabilistic, and the band shape is chosen per threshold so that it misses a true pair less than once in 1000.
import { jaccard, shingles } from './shingles';

const PERMS = 128;

/** The most rows per band (fewest false candidates) that still proposes a pair at `threshold` with p ≥ 0.999. */
function bandRows(threshold: number): number {
  for (const rows of [16, 8, 4, 2]) {
    const bands = PERMS / rows;
    if (1 - Math.pow(1 - Math.pow(threshold, rows), bands) >= 0.999) return rows;
  }
  return 1;
}

/** Per-permutation seeds, fixed so that results are reproducible run to run. */
const SEEDS: number[] = Array.from({ length: PERMS }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

function mix(x: number, seed: number): number {
  // A murmur3-style finaliser: cheap, and different seeds give independent-looking permutations of 32-bit keys.
  let h = (x ^ seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function signature(set: Set<number>): Uint32Array {
  const sig = new Uint32Array(PERMS).fill(0xffffffff);
  for (const x of set) {
    for (let p = 0; p < PERMS; p++) {
      const v = mix(x, SEEDS[p]!);
      if (v < sig[p]!) sig[p] = v;
    }
  }
  return sig;
}

export interface DuplicateMatch {
  /** Id of the earlier text this one nearly duplicates. */
  of: string;
  similarity: number;
}

export class NearDuplicateIndex {
  private readonly rows: number;
  private readonly buckets: Map<string, number[]>[];
  private readonly ids: string[] = [];
  private readonly sets: Set<number>[] = [];

  constructor(
    private readonly ngram: number,
    private readonly threshold: number,
  ) {
    this.rows = bandRows(Math.max(0, Math.min(1, threshold)));
    this.buckets = Array.from({ length: PERMS / this.rows }, () => new Map());
  }

  /** Ids of the texts kept so far, in insertion order. */
  keptIds(): readonly string[] {
    return this.ids;
  }

  private bandKey(sig: Uint32Array, band: number): string {
    return Array.from(sig.subarray(band * this.rows, (band + 1) * this.rows)).join(',');
  }

  get size(): number {
    return this.ids.length;
  }

  /** Looks for an earlier near-duplicate without adding the text. */
  find(text: string): DuplicateMatch | undefined {
    const set = shingles(text, this.ngram);
    return this.search(set, signature(set));
  }

  /**
   * Adds a text unless it nearly duplicates one already kept; returns the match when it does (and then the text
   * is not added, so the first of a family of duplicates is the one kept).
   */
  add(id: string, text: string): DuplicateMatch | undefined {
    const set = shingles(text, this.ngram);
    const sig = signature(set);
    const match = this.search(set, sig);
    if (match) return match;
    const index = this.ids.length;
    this.ids.push(id);
    this.sets.push(set);
    for (let b = 0; b < this.buckets.length; b++) {
      const key = this.bandKey(sig, b);
      const bucket = this.buckets[b]!.get(key);
      if (bucket) bucket.push(index);
      else this.buckets[b]!.set(key, [index]);
    }
    return undefined;
  }

  private search(set: Set<number>, sig: Uint32Array): DuplicateMatch | undefined {
    const seen = new Set<number>();
    let best: DuplicateMatch | undefined;
    for (let b = 0; b < this.buckets.length; b++) {
      const key = this.bandKey(sig, b);
      for (const i of this.buckets[b]!.get(key) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const s = jaccard(set, this.sets[i]!);
        if (s >= this.threshold && (!best || s > best.similarity)) best = { of: this.ids[i]!, similarity: s };
      }
    }
    return best;
  }
}
