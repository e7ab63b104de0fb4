// Reads the `passk.*` settings once per use and turns them into the server's initializationOptions. Keeping
// the mapping here means a renamed setting is a one-file change, and the server sees plain values only.
import * as vscode from 'vscode';
import type { InitializationOptions } from '../../server/src/protocol/requests';

export interface ClientConfig {
  concurrency: number | undefined;
  runFolder: string;
  inlayHints: boolean;
  datasetRun: 'latest' | 'matchingFingerprint';
  debounceMs: number;
}

export function readConfig(): ClientConfig {
  const c = vscode.workspace.getConfiguration('passk');
  const concurrency = c.get<number | null>('run.concurrency', null);
  const datasetRun = c.get<string>('dataset.showRun', 'latest');
  return {
    concurrency: typeof concurrency === 'number' && concurrency >= 1 ? Math.floor(concurrency) : undefined,
    runFolder: c.get<string>('run.folder', '.passk') || '.passk',
    inlayHints: c.get<boolean>('inlayHints.enabled', true),
    datasetRun: datasetRun === 'matchingFingerprint' ? 'matchingFingerprint' : 'latest',
    debounceMs: Math.max(0, c.get<number>('server.debounceMs', 150)),
  };
}

export function initializationOptions(config: ClientConfig, trusted: boolean): InitializationOptions {
  return {
    diagnosticsDelayMs: config.debounceMs,
    workspaceTrusted: trusted,
    runFolder: config.runFolder,
    ...(config.concurrency !== undefined ? { defaultConcurrency: config.concurrency } : {}),
    inlayHints: config.inlayHints,
    datasetRun: config.datasetRun,
  };
}
