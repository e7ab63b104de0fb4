// Reads the `passk.*` settings and turns them into the server's initializationOptions. Keeping the mapping
// here means a renamed setting is a one-file change, and the server sees plain values only. Only settings the
// server honours are contributed: the run folder is the `.passk/` contract of docs/runs.md, and editor runs use
// each model's own `concurrency` from the recipe.
import * as vscode from 'vscode';
import type { InitializationOptions } from '../../server/src/protocol/requests';

export interface ClientConfig {
  inlayHints: boolean;
  datasetRun: 'latest' | 'matchingFingerprint';
  debounceMs: number;
  hintPlacement: 'start' | 'end';
  runDiagnostics: Record<string, string>;
  regressionThreshold: number;
  heatDecorations: boolean;
}

export function readConfig(): ClientConfig {
  const c = vscode.workspace.getConfiguration('passk');
  const datasetRun = c.get<string>('dataset.showRun', 'latest');
  return {
    inlayHints: c.get<boolean>('inlayHints.enabled', true),
    datasetRun: datasetRun === 'matchingFingerprint' ? 'matchingFingerprint' : 'latest',
    debounceMs: Math.max(0, c.get<number>('server.debounceMs', 150)),
    hintPlacement: c.get<string>('inlayHints.placement', 'start') === 'end' ? 'end' : 'start',
    // The server checks each level and keeps its default for anything else (insights/finding-levels.ts).
    runDiagnostics: {
      goldNotExtractable: c.get<string>('runDiagnostics.goldNotExtractable', 'error'),
      neverSolved: c.get<string>('runDiagnostics.neverSolved', 'warning'),
      unstable: c.get<string>('runDiagnostics.unstable', 'hint'),
      regressed: c.get<string>('runDiagnostics.regressed', 'warning'),
      summary: c.get<string>('runDiagnostics.summary', 'information'),
    },
    regressionThreshold: c.get<number>('compare.regressionThreshold', 0.2),
    heatDecorations: c.get<boolean>('dataset.heatDecorations', true),
  };
}

export function initializationOptions(config: ClientConfig, trusted: boolean): InitializationOptions {
  return {
    diagnosticsDelayMs: config.debounceMs,
    workspaceTrusted: trusted,
    inlayHints: config.inlayHints,
    datasetRun: config.datasetRun,
    hintPlacement: config.hintPlacement,
    runDiagnostics: config.runDiagnostics,
    regressionThreshold: config.regressionThreshold,
  };
}
