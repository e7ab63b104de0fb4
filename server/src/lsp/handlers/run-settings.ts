// The settings that shape runs and run results in the editor, read from `initializationOptions` (the VS Code
// client's InitializationOptions). Absent or ill-typed values fall back to defaults; an absent
// `workspaceTrusted` means trusted, because editors without a trust concept (Neovim, tests) never send it.
import type { InitializationOptions } from '../../protocol/requests';

export interface RunSettings {
  workspaceTrusted: boolean;
  inlayHints: boolean;
  datasetRun: 'latest' | 'matchingFingerprint';
  /** Concurrency for models whose recipe sets none; undefined keeps the recipe's (or the engine's) value. */
  defaultConcurrency?: number;
}

export function readRunSettings(options: unknown): RunSettings {
  const o = (typeof options === 'object' && options !== null ? options : {}) as InitializationOptions;
  const c = o.defaultConcurrency;
  return {
    workspaceTrusted: o.workspaceTrusted !== false,
    inlayHints: o.inlayHints !== false,
    datasetRun: o.datasetRun === 'matchingFingerprint' ? 'matchingFingerprint' : 'latest',
    ...(typeof c === 'number' && Number.isInteger(c) && c >= 1 ? { defaultConcurrency: Math.min(c, 1024) } : {}),
  };
}
