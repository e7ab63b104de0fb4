// Samples through the live API: every missing chunk of a problem becomes one scheduled request with `n`
// choices. When a server returns fewer choices than asked, the chunk's remaining samples are re-sent one per
// request with their own seeds (seed + index), and from then on every request asks for one choice.
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
  let honoursN: boolean | undefined;
  const pending: Promise<void>[] = [];

  const submit = (problem: PlannedProblem, indices: number[]): void => {
    const promptChars = (problem.prompt.system?.length ?? 0) + problem.prompt.user.length;
    const p = scheduler
      .run(async (signal) => {
        const count = honoursN === false ? 1 : indices.length;
        const seed = def.seed !== undefined ? def.seed + indices[0]! : undefined;
        const r = await provider.complete({ prompt: problem.prompt, count, ...(seed !== undefined ? { seed } : {}), params: def }, signal);
        if (r.completions.length === 0) throw new SamplingError(`Model ${plan.model.name} returned no choices.`, 'retryable');
        return { value: { r, count }, tokens: r.totalTokens };
      }, Math.ceil(promptChars / 4) + def.maxTokens * (honoursN === false ? 1 : indices.length))
      .then(({ r, count }) => {
        const got = r.completions.length;
        if (count > 1) honoursN = got >= count;
        sink.accept(problem, indices, r.completions, r.latencyMs);
        opts.onStored();
        // Whatever the server did not return is asked for again, one sample (and one seed) per request.
        for (const i of indices.slice(got)) submit(problem, [i]);
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
