// Public surface of the answers core: extraction, equivalence, canonical keys and clustering.
export { extractAnswer, extractGold, extractModes, type Extraction } from './extractAnswer';
export { answersEqual, clearAnswerCache, type CompareMode } from './answersEqual';
export { answerKey } from './answerKey';
export { clusterAnswers, correctClusterIndex, type Clusters } from './clusterAnswers';
export { cleanAnswer, normalizeText, type Cleaned } from './cleanAnswer';
export { findBoxes, type BoxMatch } from './findBoxes';
export { countProblem, type ProblemGrades } from './countProblem';
