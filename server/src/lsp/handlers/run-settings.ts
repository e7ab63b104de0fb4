// The settings that shape runs and run results in the editor, read from `initializationOptions` (the VS Code
// client's InitializationOptions). Absent or ill-typed values fall back to defaults; an absent
// `workspaceTrusted` means trusted, because editors without a trust concept (Neovim, tests) never send it.
import { readFindingLevels, type FindingLevels } from '../../insights/finding-levels';
import type { InitializationOptions } from '../../protocol/requests';

export interface RunSettings {
  workspaceTrusted: boolean;
  inlayHints: boolean;
  datasetRun: 'latest' | 'matchingFingerprint';
  /** Concurrency for models whose recipe sets none; undefined keeps the recipe's (or the engine's) value. */
  defaultConcurrency?: number;
  hintPlacement: 'start' | 'end';
  findingLevels: FindingLevels;
  /** A pass@1 drop of at least this much against the baseline run is a regression. */
  regressionThreshold: number;
}

export function readRunSettings(options: unknown): RunSettings {
  const o = (typeof options === 'object' && options !== null ? options : {}) as InitializationOptions;
  const c = o.defaultConcurrency;
  const t = o.regressionThreshold;
  return {
    workspaceTrusted: o.workspaceTrusted !== false,
    inlayHints: o.inlayHints !== false,
    datasetRun: o.datasetRun === 'matchingFingerprint' ? 'matchingFingerprint' : 'latest',
    hintPlacement: o.hintPlacement === 'end' ? 'end' : 'start',
    findingLevels: readFindingLevels(o.runDiagnostics),
    regressionThreshold: typeof t === 'number' && t > 0 && t <= 1 ? t : 0.2,
    ...(typeof c === 'number' && Number.isInteger(c) && c >= 1 ? { defaultConcurrency: Math.min(c, 1024) } : {}),
  };
}
