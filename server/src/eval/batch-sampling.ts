// Samples through the OpenAI Batch API: all missing chunks go into one batch; what comes back short (a server
// that ignores `n`, failed lines) goes into the next round as one-sample requests, until nothing is missing or
// a round adds nothing. The batch id is kept in the run folder while the batch runs, so a run interrupted
// while waiting (batches take hours) picks the same batch up again instead of paying for it twice.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EvalPlan, PlannedProblem } from './eval-plan';
import { contiguousChunks, type SampleSink } from './sample-sink';
import { runBatch, type BatchItem } from '../sampling/batch-client';
import { requestBody, type Provider } from '../sampling/provider';
import { classifyError, SamplingError } from '../sampling/sampling-error';
import { parseRunFile } from '../runs/run-file-schema';
import { readFileIfPresent, writeFileAtomic } from '../runs/safe-fs';

const PENDING = 'batch.json';

export async function sampleBatch(
  plan: EvalPlan,
  work: { problem: PlannedProblem; missing: number[] }[],
  provider: Provider,
  sink: SampleSink,
  opts: { maxChoices: number; pollMs: number; signal: AbortSignal; onStored: () => void; maxRounds: number },
): Promise<{ fatal?: SamplingError; failedRequests: number }> {
  const { def } = plan;
  const byIndex = new Map(plan.problems.map((p, i) => [i, p]));
  const indexOf = new Map(plan.problems.map((p, i) => [p.id, i]));
  const pendingFile = path.join(plan.runDir, PENDING);
  let chunks = work.flatMap((w) => contiguousChunks(w.missing, opts.maxChoices).map((c) => ({ problem: w.problem, indices: c })));
  let failedRequests = 0;
  for (let round = 0; round < opts.maxRounds && chunks.length; round++) {
    const items: BatchItem[] = chunks.map(({ problem, indices }) => ({
      customId: `${indexOf.get(problem.id)}:${indices[0]}:${indices.length}`,
      body: requestBody(plan.model, { prompt: problem.prompt, count: indices.length, ...(def.seed !== undefined ? { seed: def.seed + indices[0]! } : {}), params: def }),
    }));
    let resumeBatchId: string | undefined;
    try {
      // Checked like every run file, and never read through a link (docs/runs.md).
      const parsed = parseRunFile('pending-batch', readFileIfPresent(pendingFile) ?? '');
      resumeBatchId = 'value' in parsed ? parsed.value.batchId : undefined;
    } catch {
      resumeBatchId = undefined;
    }
    let outcome;
    try {
      outcome = await runBatch(provider.primary, items, {
        endpoint: plan.model.api === 'chat' ? '/v1/chat/completions' : '/v1/completions',
        modelName: plan.model.name,
        pollMs: opts.pollMs,
        signal: opts.signal,
        ...(resumeBatchId ? { resumeBatchId } : {}),
        onCreated: (batchId) => writeFileAtomic(pendingFile, JSON.stringify({ batchId, created: new Date().toISOString() }) + '\n'),
      });
    } catch (e) {
      const err = classifyError(e, plan.model.name, opts.signal.aborted);
      if (err.kind === 'aborted') return { failedRequests };
      // A remembered batch that the server no longer knows is forgotten, and the next round starts afresh.
      if (resumeBatchId) {
        fs.rmSync(pendingFile, { force: true });
        continue;
      }
      return { fatal: err, failedRequests };
    }
    fs.rmSync(pendingFile, { force: true });
    const next: typeof chunks = [];
    let stored = 0;
    // The output of a resumed batch may cover other chunks than this round planned; it is read by custom_id.
    for (const [customId, res] of outcome) {
      const [pi, start, count] = customId.split(':').map(Number);
      const problem = byIndex.get(pi!);
      if (!problem || !Number.isInteger(start) || !Number.isInteger(count)) continue;
      const indices = Array.from({ length: count! }, (_, j) => start! + j);
      if (res instanceof SamplingError) {
        failedRequests++;
        continue;
      }
      stored += sink.accept(problem, indices, res.completions, res.latencyMs);
    }
    opts.onStored();
    for (const w of work) {
      const t = sink.tally(w.problem.id);
      for (const i of w.missing) if (!t.indices.has(i)) next.push({ problem: w.problem, indices: [i] });
    }
    if (stored === 0 && !resumeBatchId) break; // a round that stored nothing will not do better
    chunks = next;
  }
  return { failedRequests };
}
