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
}

export function readConfig(): ClientConfig {
  const c = vscode.workspace.getConfiguration('passk');
  const datasetRun = c.get<string>('dataset.showRun', 'latest');
  return {
    inlayHints: c.get<boolean>('inlayHints.enabled', true),
    datasetRun: datasetRun === 'matchingFingerprint' ? 'matchingFingerprint' : 'latest',
    debounceMs: Math.max(0, c.get<number>('server.debounceMs', 150)),
  };
}

export function initializationOptions(config: ClientConfig, trusted: boolean): InitializationOptions {
  return {
    diagnosticsDelayMs: config.debounceMs,
    workspaceTrusted: trusted,
    inlayHints: config.inlayHints,
    datasetRun: config.datasetRun,
  };
}
