// Decontamination against test sets, in the style used for GPT-3 and most math SFT corpora: a new problem is
// contaminated when it shares any word n-gram (13 by default) with a test problem. The index holds only hashed
// n-grams plus, per hash, the first test item that produced it, so that a rejection can say which test problem
// it overlaps (a user has to be able to check the filter's judgement).
import { shingles } from './shingles';

export interface ContaminationHit {
  /** Name of the test set, e.g. `gsm8k-test`. */
  source: string;
  /** Id of the overlapping test problem. */
  id: string;
}

export class ContaminationIndex {
  private readonly grams = new Map<number, ContaminationHit>();

  constructor(readonly ngram: number) {}

  get size(): number {
    return this.grams.size;
  }

  addTestItem(source: string, id: string, text: string): void {
    for (const g of shingles(text, this.ngram)) if (!this.grams.has(g)) this.grams.set(g, { source, id });
  }

  /** The first test problem sharing an n-gram with `text`, or undefined when it is clean. */
  check(text: string): ContaminationHit | undefined {
    for (const g of shingles(text, this.ngram)) {
      const hit = this.grams.get(g);
      if (hit) return hit;
    }
    return undefined;
  }
}
