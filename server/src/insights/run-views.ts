// The run results the editor shows for one recipe entry, as plain data: which summary, and whether it still
// describes the recipe as written. The LSP layer loads these (load-run-view.ts) and every insight (CodeLens,
// inlay hints, dataset diagnostics, hovers) is a pure function of them.
import type { RunSummary } from '../runs/run-summary';
import type { SynthSummary } from '../synthesis/run-synthesis';

export interface EvalRunView {
  summary: RunSummary;
  /** True when the run's fingerprint equals the recipe's as it is now (same model, prompt, params, dataset). */
  current: boolean;
  /** True when the figures were recomputed from samples.jsonl because the run is in progress or was interrupted. */
  live: boolean;
}

export interface SynthRunView {
  summary: SynthSummary;
}
