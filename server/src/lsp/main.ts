// Entry point of dist/server.js (`node dist/server.js --stdio`): a small bootstrap. Loading the whole server
// (dist/language-server.js, a few megabytes) takes a few hundred milliseconds; the analysis worker is started
// first, so it loads its own small bundle (dist/analysis-worker.js) and warms up on the other core meanwhile, and
// the first recipe opened is analysed by a worker that is ready for it. The session key that seals API keys in
// requests is taken out of the environment before anything else, because a worker thread gets a copy of the
// environment as it is when the worker starts, and neither it nor `${env:…}` in a recipe may see the key.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { takeSessionKey } from '../protocol/key-envelope';
import type { LanguageServerMain } from './language-server-main';

const sessionKey = takeSessionKey(process.env);
const workerScript = path.join(__dirname, 'analysis-worker.js');
const worker = new Worker(workerScript);
// A runtime require of the sibling bundle: esbuild leaves a computed path alone, so the server is not inlined here.
const server = require(path.join(__dirname, 'language-server.js')) as { main: LanguageServerMain };
server.main({ workerScript, worker, cliScript: path.join(__dirname, 'cli.js'), ...(sessionKey ? { sessionKey } : {}) });
