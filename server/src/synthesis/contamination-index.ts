// Decontamination against test sets, in the style used for GPT-3 and most math SFT corpora: a new problem is
// contaminated when it shares any word n-gram (13 by default) with a test problem. The n-grams are kept as their
// normalised words, not as hashes: with the GSM8K and MATH test sets' ~165k n-grams a 32-bit hash would call
// about one new problem in a thousand contaminated and blame it on a test item it has nothing in common with,
// and an exact key costs only tens of megabytes at that size. Per n-gram the index keeps the first test item
// that produced it, so that a rejection can say which test problem it overlaps (a user has to be able to check
// the filter's judgement).
import { shingleTexts } from './shingles';

export interface ContaminationHit {
  /** Name of the test set, e.g. `gsm8k-test`. */
  source: string;
  /** Id of the overlapping test problem. */
  id: string;
  /** The shared n-gram, in normalised words, so the judgement can be checked by eye. */
  ngram?: string;
}

export class ContaminationIndex {
  private readonly grams = new Map<string, number>();
  private readonly items: { source: string; id: string }[] = [];

  constructor(readonly ngram: number) {}

  get size(): number {
    return this.grams.size;
  }

  addTestItem(source: string, id: string, text: string): void {
    let item = -1;
    for (const g of shingleTexts(text, this.ngram)) {
      if (this.grams.has(g)) continue;
      if (item < 0) {
        item = this.items.length;
        this.items.push({ source, id });
      }
      this.grams.set(g, item);
    }
  }

  /** The first test problem sharing an n-gram with `text`, or undefined when it is clean. */
  check(text: string): ContaminationHit | undefined {
    for (const g of shingleTexts(text, this.ngram)) {
      const i = this.grams.get(g);
      if (i !== undefined) return { ...this.items[i]!, ngram: g };
    }
    return undefined;
  }
}
