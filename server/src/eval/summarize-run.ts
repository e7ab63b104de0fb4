// Turns a run's per-problem tallies into its summary.json: answers are grouped by mathematical equivalence
// (so `0.5` and `\frac{1}{2}` vote together for maj@k), the statistics core computes every figure with its
// interval, and the recipe's `expect` thresholds are checked.
import type { ProblemTally } from '../runs/problem-tally';
import type { RunManifest } from '../runs/run-manifest';
import type { AnswerCount, ExpectCheck, GroupFigures, GroupTable, RunProblemSummary, RunSummary } from '../runs/run-summary';
import { summarize, summarizeCooperatively, type ProblemCounts, type Summary } from '../stats';
import { tallyCounts } from './tally-counts';

export interface ProblemInfo {
  id: string;
  line: number;
  gold: string;
  /** The problem's values of the run's `groupBy` fields, in their order. */
  groups?: string[];
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
  /** Interval method; default 'auto' (the statistics core's choice by problem count). Live editor refreshes pass normal. */
  interval?: 'bootstrap' | 'normal';
}

export function summarizeRun(input: SummarizeRunInput): RunSummary {
  const { manifest: m, problems, tallies } = input;
  const perCounts = problems.map((p) => tallyCounts(tallies.get(p.id), p.id, m.grader.compare));
  return assemble(input, summarize(perCounts, m.k.length ? m.k : [1], { interval: input.interval ?? 'auto' }), perCounts);
}

/**
 * The same summary with `pause()` awaited between problems: clustering and maj@k of a big run take over a
 * second, and a run's owner on an event loop (the CLI) must still see SIGINT/SIGTERM within one.
 */
export async function summarizeRunCooperatively(input: SummarizeRunInput, pause: () => Promise<void>): Promise<RunSummary> {
  const { manifest: m, problems, tallies } = input;
  const perCounts: ProblemCounts[] = [];
  for (const p of problems) {
    perCounts.push(tallyCounts(tallies.get(p.id), p.id, m.grader.compare));
    await pause();
  }
  return assemble(input, await summarizeCooperatively(perCounts, m.k.length ? m.k : [1], { interval: input.interval ?? 'auto' }, pause), perCounts);
}

/** What the samples' token usage cost at the manifest's price (docs/runs.md, "Cost and time before a run"). */
function spentCost(m: RunManifest, tokens: { prompt: number; completion: number }): { cost?: { spent: number } } {
  const price = m.model.price;
  if (!price) return {};
  const factor = m.model.batch ? 0.5 : 1;
  return { cost: { spent: ((tokens.prompt * price.inputPerMTok + tokens.completion * price.outputPerMTok) / 1e6) * factor } };
}

/**
 * One table per `groupBy` field: the problems of each value summarised alone, with the intervals the whole run
 * gets (docs/recipe-format.md). Problems without their groups (a summary made from samples alone) are left out.
 */
function groupTables(fields: readonly string[], problems: readonly ProblemInfo[], perCounts: readonly ProblemCounts[], ks: number[], interval: 'auto' | 'bootstrap' | 'normal'): GroupTable[] {
  return fields.map((field, f) => {
    const byValue = new Map<string, ProblemCounts[]>();
    problems.forEach((p, i) => {
      const value = p.groups?.[f];
      if (value === undefined) return;
      const list = byValue.get(value);
      if (list) list.push(perCounts[i]!);
      else byValue.set(value, [perCounts[i]!]);
    });
    const rows: GroupFigures[] = [...byValue.entries()]
      .sort(([a], [b]) => byName.compare(a, b))
      .map(([value, counts]) => {
        const s = summarize(counts, ks, { interval });
        return { value, problems: s.problems, samples: s.samples, passAtK: s.passAtK, majAtK: s.majAtK, ci: { passAtK: s.ci.passAtK, majAtK: s.ci.majAtK } };
      });
    return { field, rows };
  });
}

/** "Level 2" before "Level 10": group values sort as people read them. */
const byName = new Intl.Collator(undefined, { numeric: true });

function assemble(input: SummarizeRunInput, stats: Summary, perCounts: readonly ProblemCounts[]): RunSummary {
  const { manifest: m, problems, tallies } = input;
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
    ...spentCost(m, input.tokens),
    expect: checkExpect(m.expect, stats),
    ...(m.groupBy?.length ? { groups: groupTables(m.groupBy, problems, perCounts, m.k.length ? m.k : [1], input.interval ?? 'auto') } : {}),
    config,
    perProblem,
  };
}
