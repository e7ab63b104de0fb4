// Judges one completion with the recipe's grader (`grader`, docs/recipe-format.md): extract the final answer, compare it
// with the gold answer. The gold answer is extracted once per problem with the dataset's own extract mode.
import { answersEqual, extractAnswer, extractGold } from '../answers';
import type { AnswerSpec, GraderSpec } from '../recipe/model';

export interface Verdict {
  answer: string | null;
  correct: boolean;
}

export type Grade = (text: string, gold: string) => Verdict;

/** A grading function for one grader spec. */
export function makeGrader(spec: GraderSpec): Grade {
  return (text, gold) => {
    // The gold decides how several boxes are read (docs/grading.md), as in `passk grade`.
    const answer = extractAnswer(text, spec.extract, gold).answer;
    const correct = answer !== null && gold !== '' && answersEqual(gold, answer, spec.compare);
    return { answer, correct };
  };
}

/** The gold final answer of a dataset row's raw answer field ('' when it has none). */
export function goldAnswer(raw: string, spec: AnswerSpec): string {
  return extractGold(raw, spec.extract).answer ?? '';
}
