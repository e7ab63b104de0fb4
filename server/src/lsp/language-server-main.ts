// Entry point of dist/language-server.js, loaded by the bootstrap in main.ts (dist/server.js) once it has
// started the analysis worker. The connection picks its transport from the command line; the recipe core does
// the analysis and this process only speaks LSP. Every run is a child process of dist/cli.js.
import type { Worker } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { makeAnalyzer } from './analyzer';
import { startServer } from './server';

export interface MainOptions {
  /** dist/analysis-worker.js, started again should the worker die. */
  workerScript: string;
  /** The worker the bootstrap already started from `workerScript`. */
  worker: Worker;
  cliScript: string;
  sessionKey?: Buffer;
}

export type LanguageServerMain = (options: MainOptions) => void;

export const main: LanguageServerMain = (options) => {
  startServer(createConnection(ProposedFeatures.all), {
    analyzer: makeAnalyzer(process.env),
    env: process.env,
    workerScript: options.workerScript,
    startedWorker: options.worker,
    cliScript: options.cliScript,
    ...(options.sessionKey ? { sessionKey: options.sessionKey } : {}),
  });
};
