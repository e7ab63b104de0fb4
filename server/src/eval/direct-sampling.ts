// Samples through the live API: every missing chunk of a problem becomes one scheduled request with `n`
// choices. When a server returns fewer choices than asked, that count becomes the most any later request asks
// for (1 for a server that ignores `n`), and the chunk's remaining samples are re-sent in requests of that
// size, each starting at its own seed (seed + first index), so the samples are the same either way.
import type { EvalPlan, PlannedProblem } from './eval-plan';
import type { SampleSink } from './sample-sink';
import { contiguousChunks } from './sample-sink';
import type { Provider } from '../sampling/provider';
import type { Scheduler } from '../sampling/scheduler';
import { SamplingError } from '../sampling/sampling-error';

export interface DirectOutcome {
  fatal?: SamplingError;
  failedRequests: number;
  lastError?: SamplingError;
}

export async function sampleDirect(
  plan: EvalPlan,
  work: { problem: PlannedProblem; missing: number[] }[],
  provider: Provider,
  scheduler: Scheduler,
  sink: SampleSink,
  opts: { maxChoices: number; stop: () => void; onStored: () => void },
): Promise<DirectOutcome> {
  const { def } = plan;
  const outcome: DirectOutcome = { failedRequests: 0 };
  // The most choices a request asks for; lowered to what the server actually returns.
  let cap = Math.max(1, opts.maxChoices);
  const pending: Promise<void>[] = [];

  const submit = (problem: PlannedProblem, indices: number[]): void => {
    const promptChars = (problem.prompt.system?.length ?? 0) + problem.prompt.user.length;
    const p = scheduler
      .run(async (signal, replica) => {
        const count = Math.min(cap, indices.length);
        const seed = def.seed !== undefined ? def.seed + indices[0]! : undefined;
        const r = await provider.complete({ prompt: problem.prompt, count, ...(seed !== undefined ? { seed } : {}), params: def }, signal, replica);
        if (r.completions.length === 0) throw new SamplingError(`Model ${plan.model.name} returned no choices.`, 'retryable');
        return { value: { r, count }, tokens: r.totalTokens };
      }, Math.ceil(promptChars / 4) + def.maxTokens * Math.min(cap, indices.length))
      .then(({ r, count }) => {
        const got = r.completions.length;
        if (got < count) cap = Math.min(cap, got);
        sink.accept(problem, indices, r.completions, r.latencyMs);
        opts.onStored();
        // Whatever this request did not cover is asked for again in requests the server will answer in full.
        for (const chunk of contiguousChunks(indices.slice(got), cap)) submit(problem, chunk);
      })
      .catch((e: unknown) => {
        const err = e instanceof SamplingError ? e : new SamplingError(String(e), 'retryable');
        if (err.kind === 'fatal') {
          outcome.fatal ??= err;
          opts.stop();
        } else if (err.kind === 'retryable') {
          outcome.failedRequests++;
          outcome.lastError = err;
        }
      });
    pending.push(p);
  };

  for (const w of work) for (const chunk of contiguousChunks(w.missing, opts.maxChoices)) submit(w.problem, chunk);
  while (pending.length) await Promise.all(pending.splice(0));
  return outcome;
}
