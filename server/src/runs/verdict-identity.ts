// The verdict identity of docs/runs.md: what a stored verdict (extracted answer, correct or not) depends on,
// namely the problem's gold value and the grader. Every sample carries it as `vid`; a sample whose `vid` differs
// from its problem's current one is regraded from its stored text, without any request. So reading the gold
// differently (answer.field, answer.extract), correcting a gold label in the dataset, or changing the grader
// all regrade, and changing them back regrades again to the first verdicts.
import { createHash } from 'node:crypto';
import type { GraderSpec } from '../recipe/model';
import { canonicalJson } from './fingerprint';

/** 12 hex digits of SHA-256 over the grader and the gold value. */
export function verdictIdentity(grader: GraderSpec, gold: string): string {
  return createHash('sha256').update(canonicalJson({ grader, gold })).digest('hex').slice(0, 12);
}
