// Entry point of dist/server.js (`node dist/server.js --stdio`). The connection picks its transport from the
// command line; the recipe core does the analysis and this process only speaks LSP. The same bundle started
// as a worker thread is the background analyzer (see background-analyzer.ts), so the server ships one file.
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runAnalysisWorker } from './analysis-worker';
import { makeAnalyzer } from './analyzer';
import { takeSessionKey } from '../protocol/key-envelope';
import { startServer } from './server';

if (isMainThread) {
  // The session key that seals API keys in requests is taken out of the environment before anything else
  // reads it, so neither `${env:…}` in a recipe nor the analysis worker ever sees it.
  const sessionKey = takeSessionKey(process.env);
  startServer(createConnection(ProposedFeatures.all), {
    analyzer: makeAnalyzer(process.env),
    env: process.env,
    workerScript: __filename,
    // The CLI bundle sits beside this one in dist/; every run is a child process running it.
    cliScript: path.join(__dirname, 'cli.js'),
    ...(sessionKey ? { sessionKey } : {}),
  });
} else {
  runAnalysisWorker(makeAnalyzer(process.env));
}
