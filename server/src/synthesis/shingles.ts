// Word n-gram shingles, the unit both near-duplicate detection and decontamination compare problems by.
// Text is normalised first (case, punctuation, LaTeX spacing) so that trivial rewrites do not hide a copy.

/** Lower-cases, turns every run of non-alphanumerics into one space, and splits into words. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/\\[a-z]+/g, ' ') // LaTeX commands carry no content of their own for overlap purposes
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** 32-bit FNV-1a; fast, stable across runs and platforms, good enough to key shingles. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The set of hashed word n-grams of a text. A text shorter than n words yields one shingle of all its words, so
 * short problems can still be compared (otherwise two identical one-line problems would share nothing).
 */
export function shingles(text: string, n: number): Set<number> {
  const out = new Set<number>();
  for (const g of shingleTexts(text, n)) out.add(fnv1a(g));
  return out;
}

/**
 * The word n-grams of a text as the normalised words themselves, joined by single spaces: the exact keys that
 * decontamination compares, where a hash collision would blame an innocent problem on a test item.
 */
export function shingleTexts(text: string, n: number): string[] {
  const w = words(text);
  if (w.length === 0) return [];
  if (w.length < n) return [w.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n).join(' '));
  return out;
}

/** The distinct 32-bit shingle hashes of a text, sorted ascending, in a compact typed array. */
export function sortedShingles(text: string, n: number): Uint32Array {
  const set = shingles(text, n);
  const out = Uint32Array.from(set);
  out.sort();
  return out;
}

/** Jaccard similarity of two sorted, duplicate-free arrays, by one merge pass. */
export function jaccardSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
