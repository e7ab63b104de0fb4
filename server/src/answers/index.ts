// Public surface of the answers core: extraction, equivalence, canonical keys and clustering.
export { extractAnswer, extractGold, extractModes, type Extraction } from './extractAnswer';
export { answersEqual, clearAnswerCache, type CompareMode } from './answersEqual';
export { answerKey, clusterAnswers, correctClusterIndex, type Clusters } from './answerKey';
export { cleanAnswer, normalizeText, type Cleaned } from './normalize';
export { findBoxes, type BoxMatch } from './boxed';
export { countProblem, type ProblemGrades } from './countProblem';
