// The RunResult (protocol/requests.ts) of a finished evaluation or synthesis, made in one place so the CLI's
// `--events` result and what the editor shows after a run can never disagree.
import { hasErrors, type Problem } from '../problems/problem';
import type { RunResult } from '../protocol/requests';
import type { RunSummary } from '../runs/run-summary';
import type { SynthSummary } from '../synthesis/run-synthesis';

const messagesOf = (problems: readonly Problem[]) => problems.filter((p) => p.severity !== 'hint').map((p) => p.message);

export function evaluationResult(entry: string, summary: RunSummary | undefined, problems: readonly Problem[], aborted: boolean): RunResult {
  const passAtK: Record<string, number> = {};
  for (const [k, v] of Object.entries(summary?.passAtK ?? {})) if (typeof v === 'number') passAtK[k] = v;
  return {
    entry: summary?.entry ?? entry,
    runDir: summary?.runDir ?? '',
    completed: !!summary && summary.complete && !aborted && !hasErrors(problems),
    samples: summary?.samples ?? 0,
    expectedSamples: summary ? summary.problems * summary.samplesPerProblem : 0,
    passAtK,
    problems: messagesOf(problems),
  };
}

export interface SeriesCheckpointRun {
  model: string;
  summary: RunSummary | undefined;
}

/**
 * The one result of a series run (every checkpoint of the entry in turn): samples summed over the checkpoints,
 * the samples asked for counted for every checkpoint (those not reached after a cancel too, as each asks for as
 * many as the ones run), complete only when every checkpoint is. It names no run folder and no pass@k, because
 * no single run stands for the series; the editor shows the series report of the entry instead.
 */
export function seriesResult(entry: string, checkpoints: number, runs: readonly SeriesCheckpointRun[], problems: readonly Problem[], aborted: boolean): RunResult {
  const ran = runs.filter((r): r is { model: string; summary: RunSummary } => r.summary !== undefined);
  const per = ran[0] ? ran[0].summary.problems * ran[0].summary.samplesPerProblem : 0;
  return {
    entry,
    runDir: '',
    completed: ran.length === checkpoints && ran.every((r) => r.summary.complete) && !aborted && !hasErrors(problems),
    samples: ran.reduce((n, r) => n + r.summary.samples, 0),
    expectedSamples: per * checkpoints,
    passAtK: {},
    problems: messagesOf(problems),
  };
}

/** `total` is the candidate count the last progress report gave (the plan's size). */
export function synthesisResult(entry: string, summary: SynthSummary | undefined, problems: readonly Problem[], aborted: boolean, total: number): RunResult {
  return {
    entry: summary?.entry ?? entry,
    runDir: summary?.runDir ?? '',
    completed: !!summary && summary.completed && !aborted,
    samples: summary?.candidates ?? 0,
    expectedSamples: total || (summary?.candidates ?? 0),
    passAtK: {},
    problems: messagesOf(problems),
  };
}
