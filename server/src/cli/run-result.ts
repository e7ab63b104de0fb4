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
