// Near-duplicate detection among synthesized problems at the scale of a million rows. Comparing every pair is
// quadratic, so candidates come from MinHash locality-sensitive hashing over 128 hash functions split into bands
// (at threshold 0.9: 16 bands of 8 rows, so a pair at Jaccard 0.9 collides in some band with probability > 0.9999
// and a pair at 0.5 with about 0.06), and each candidate is then confirmed with the exact Jaccard similarity of
// the two shingle sets. The decision is therefore exact for every pair LSH proposes; only the proposal step is
// probabilistic, and the band shape is chosen per threshold so that it misses a true pair less than once in 1000.
//
// Memory is what limits a million-row run (docs/synthesis-scale.md), so nothing here is an object per problem:
// each kept text's sorted shingle hashes go into one growing Uint32Array pool, and each band key is a 32-bit
// hash in a chained hash table made of typed arrays. A collision of two band hashes only proposes one more pair,
// which the exact Jaccard check then rejects, so the hash width costs time, never correctness.
import { jaccardSorted, sortedShingles } from './shingles';
import { GrowableUint32 } from './growable-array';

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
const SEEDS: Uint32Array = Uint32Array.from({ length: PERMS }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

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

/** One reusable signature buffer: signatures are consumed at once, never kept. */
const SIG = new Uint32Array(PERMS);

function signature(set: Uint32Array): Uint32Array {
  SIG.fill(0xffffffff);
  for (let k = 0; k < set.length; k++) {
    const x = set[k]!;
    for (let p = 0; p < PERMS; p++) {
      const v = mix(x, SEEDS[p]!);
      if (v < SIG[p]!) SIG[p] = v;
    }
  }
  return SIG;
}

export interface DuplicateMatch {
  /** Id of the earlier text this one nearly duplicates. */
  of: string;
  similarity: number;
}

export class NearDuplicateIndex {
  private readonly rows: number;
  private readonly bands: number;
  private readonly ids: string[] = [];
  /** Shingle hashes of every kept text, back to back; text i owns pool[starts[i] .. starts[i + 1]). */
  private readonly pool = new GrowableUint32();
  private readonly starts = new GrowableUint32();
  /** Band table: entry e holds a band hash, the kept text it came from and the next entry of its chain. */
  private readonly entryHash = new GrowableUint32();
  private readonly entryItem = new GrowableUint32();
  private readonly entryNext = new GrowableUint32();
  /** Chain heads by the low bits of the band hash, holding entry + 1 (0 = empty); doubled as entries grow. */
  private heads = new Uint32Array(1 << 12);

  constructor(
    private readonly ngram: number,
    private readonly threshold: number,
  ) {
    this.rows = bandRows(Math.max(0, Math.min(1, threshold)));
    this.bands = PERMS / this.rows;
    this.starts.push(0);
  }

  /** Ids of the texts kept so far, in insertion order. */
  keptIds(): readonly string[] {
    return this.ids;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Bytes held by the typed arrays (the ids are strings shared with the caller). */
  get bytes(): number {
    return this.pool.bytes + this.starts.bytes + this.entryHash.bytes + this.entryItem.bytes + this.entryNext.bytes + this.heads.byteLength;
  }

  private bandHash(sig: Uint32Array, band: number): number {
    let h = mix(band, 0x2545f491);
    for (let r = band * this.rows; r < (band + 1) * this.rows; r++) h = mix((h ^ sig[r]!) >>> 0, 0x9e3779b9 + r);
    return h;
  }

  /** Looks for an earlier near-duplicate without adding the text. */
  find(text: string): DuplicateMatch | undefined {
    const set = sortedShingles(text, this.ngram);
    return this.search(set, this.bandHashes(set));
  }

  private bandHashes(set: Uint32Array): Uint32Array {
    const sig = signature(set);
    const out = new Uint32Array(this.bands);
    for (let b = 0; b < this.bands; b++) out[b] = this.bandHash(sig, b);
    return out;
  }

  /**
   * Adds a text unless it nearly duplicates one already kept; returns the match when it does (and then the text
   * is not added, so the first of a family of duplicates is the one kept).
   */
  add(id: string, text: string): DuplicateMatch | undefined {
    const set = sortedShingles(text, this.ngram);
    const hashes = this.bandHashes(set);
    const match = this.search(set, hashes);
    if (match) return match;
    const item = this.ids.length;
    this.ids.push(id);
    this.pool.pushAll(set);
    this.starts.push(this.pool.length);
    if (this.entryHash.length + this.bands > this.heads.length * 2) this.rehash(this.heads.length * 2);
    const mask = this.heads.length - 1;
    for (let b = 0; b < this.bands; b++) {
      const h = hashes[b]!;
      const e = this.entryHash.length;
      this.entryHash.push(h);
      this.entryItem.push(item);
      this.entryNext.push(this.heads[h & mask]!);
      this.heads[h & mask] = e + 1;
    }
    return undefined;
  }

  private rehash(size: number): void {
    this.heads = new Uint32Array(size);
    const mask = size - 1;
    for (let e = 0; e < this.entryHash.length; e++) {
      const slot = this.entryHash.get(e) & mask;
      this.entryNext.set(e, this.heads[slot]!);
      this.heads[slot] = e + 1;
    }
  }

  private search(set: Uint32Array, hashes: Uint32Array): DuplicateMatch | undefined {
    const seen = new Set<number>();
    let best: DuplicateMatch | undefined;
    const mask = this.heads.length - 1;
    for (let b = 0; b < this.bands; b++) {
      const h = hashes[b]!;
      for (let e = this.heads[h & mask]!; e !== 0; e = this.entryNext.get(e - 1)) {
        if (this.entryHash.get(e - 1) !== h) continue;
        const i = this.entryItem.get(e - 1);
        if (seen.has(i)) continue;
        seen.add(i);
        const s = jaccardSorted(set, this.pool.view(this.starts.get(i), this.starts.get(i + 1)));
        if (s >= this.threshold && (!best || s > best.similarity)) best = { of: this.ids[i]!, similarity: s };
      }
    }
    return best;
  }
}
