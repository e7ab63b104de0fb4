// Instability (the Xwin-Math observation): models often solve a problem in some samples and miss it in most, so
// pass@n is far above pass@1. passk flags such problems and reports how much accuracy is latent.
import { passAtK } from './passAtK';

export interface InstabilityInput {
  n: number;
  correct: number;
}

export interface InstabilityResult {
  /** Per problem: solved at least once, but pass@1 (= correct / n) below one half. */
  unstable: boolean[];
  unstableCount: number;
  /** Dataset pass@1 (mean of correct / n). */
  passAt1: number;
  /** Dataset pass@n: the fraction of problems solved by at least one sample. */
  passAtN: number;
  /** Accuracy the model has but does not show reliably: pass@n − pass@1. */
  latent: number;
  /**
   * PassRatio@n as in Xwin-Math: the fraction of correct answers among all n samples of a problem, averaged
   * over problems (equal to pass@1 here, kept under its paper name), and `stableRatio`, pass@1 / pass@n:
   * how much of the solvable accuracy a single sample realises.
   */
  passRatioAtN: number;
  stableRatio: number | null;
}

export function instability(perProblem: readonly InstabilityInput[]): InstabilityResult {
  const unstable: boolean[] = [];
  let p1 = 0;
  let pn = 0;
  let used = 0;
  for (const p of perProblem) {
    const n = Number.isInteger(p.n) && p.n > 0 ? p.n : 0;
    const c = Math.min(Math.max(Number.isInteger(p.correct) ? p.correct : 0, 0), n);
    unstable.push(n > 0 && c > 0 && c / n < 0.5);
    if (n === 0) continue;
    used++;
    p1 += passAtK(n, c, 1) ?? 0;
    pn += c > 0 ? 1 : 0;
  }
  const passAt1 = used ? p1 / used : 0;
  const passAtN = used ? pn / used : 0;
  return {
    unstable,
    unstableCount: unstable.filter(Boolean).length,
    passAt1,
    passAtN,
    latent: passAtN - passAt1,
    passRatioAtN: passAt1,
    stableRatio: passAtN > 0 ? passAt1 / passAtN : null,
  };
}
