// Entry point of dist/server.js (`node dist/server.js --stdio`). The connection picks its transport from the
// command line; the recipe core does the analysis and this process only speaks LSP.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { makeAnalyzer } from './analyzer';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all), { analyzer: makeAnalyzer(process.env), env: process.env });
