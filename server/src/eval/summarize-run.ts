// Turns a run's per-problem tallies into its summary.json: answers are grouped by mathematical equivalence
// (so `0.5` and `\frac{1}{2}` vote together for maj@k), the statistics core computes every figure with its
// interval, and the recipe's `expect` thresholds are checked.
import { clusterAnswers } from '../answers';
import type { GraderSpec } from '../recipe/model';
import type { ProblemTally } from '../runs/problem-tally';
import type { RunManifest } from '../runs/run-manifest';
import type { AnswerCount, ExpectCheck, RunProblemSummary, RunSummary } from '../runs/run-summary';
import { summarize, type ProblemCounts } from '../stats';

export interface ProblemInfo {
  id: string;
  line: number;
  gold: string;
}

function counts(t: ProblemTally | undefined, id: string, compare: GraderSpec['compare']): ProblemCounts {
  if (!t || t.n === 0) return { problem: id, n: 0, correct: 0, clusterSizes: [], correctCluster: null, unanswered: t?.unanswered ?? 0 };
  const distinct = [...t.answers.keys()];
  const { clusters } = clusterAnswers(distinct, compare);
  const clusterSizes: number[] = [];
  // Every cluster holding an answer the grader accepted wins the vote for the gold answer: the clusterer may
  // keep two forms apart that the grader (comparing each with the gold) judged both correct.
  const correctClusters: number[] = [];
  clusters.forEach((c, i) => {
    let size = 0;
    let correct = false;
    for (const m of c.members) {
      const a = t.answers.get(distinct[m]!)!;
      size += a.count;
      correct ||= a.correct;
    }
    clusterSizes.push(size);
    if (correct) correctClusters.push(i);
  });
  const correctCluster = correctClusters.length === 0 ? null : correctClusters.length === 1 ? correctClusters[0]! : correctClusters;
  return { problem: id, n: t.n, correct: t.correct, clusterSizes, correctCluster, unanswered: t.unanswered };
}

function topAnswers(t: ProblemTally | undefined): AnswerCount[] {
  if (!t) return [];
  return [...t.answers.entries()]
    .map(([answer, a]) => ({ answer, count: a.count, correct: a.correct }))
    .sort((a, b) => b.count - a.count || a.answer.localeCompare(b.answer))
    .slice(0, 5);
}

function checkExpect(expect: Record<string, number>, s: { passAtK: Record<string, number | null>; majAtK: Record<string, number | null> }): ExpectCheck[] {
  return Object.entries(expect).map(([metric, threshold]) => {
    const m = /^(pass|maj)@(\d+)$/.exec(metric);
    const actual = m ? ((m[1] === 'pass' ? s.passAtK : s.majAtK)[m[2]!] ?? null) : null;
    return { metric, threshold, actual, passed: actual !== null && actual >= threshold };
  });
}

export interface SummarizeRunInput {
  manifest: RunManifest;
  runDir: string;
  problems: readonly ProblemInfo[];
  tallies: ReadonlyMap<string, ProblemTally>;
  tokens: { prompt: number; completion: number };
  /**
   * Interval method; default bootstrap below 1 000 problems and normal from there on, where the mean over
   * problems is close to normal and the bootstrap's cost (iterations × problems × figures) dominates the summary
   * of big runs. Live editor refreshes pass normal.
   */
  interval?: 'bootstrap' | 'normal';
}

export function summarizeRun(input: SummarizeRunInput): RunSummary {
  const { manifest: m, problems, tallies } = input;
  const perCounts = problems.map((p) => counts(tallies.get(p.id), p.id, m.grader.compare));
  const ks = m.k.length ? m.k : [1];
  const stats = summarize(perCounts, ks, { interval: input.interval ?? (problems.length >= 1000 ? 'normal' : 'bootstrap') });
  let missing = 0;
  const perProblem: RunProblemSummary[] = stats.perProblem.map((row, i) => {
    const p = problems[i]!;
    const t = tallies.get(p.id);
    missing += Math.max(0, m.samples - row.n);
    return { ...row, line: p.line, gold: p.gold, answers: topAnswers(t), unanswered: t?.unanswered ?? 0 };
  });
  // The request map is per problem and only for readers of the samples; the summary has perProblem instead.
  const { kind: _k, version: _v, created, updated, fingerprint, entry, requests: _r, ...config } = m;
  return {
    ...stats,
    entry,
    runDir: input.runDir,
    fingerprint,
    created,
    updated,
    complete: missing === 0,
    samplesPerProblem: m.samples,
    missing,
    tokens: input.tokens,
    expect: checkExpect(m.expect, stats),
    config,
    perProblem,
  };
}
