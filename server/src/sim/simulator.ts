// passk's OpenAI-compatible simulator: a DRY-RUN AND TEST TOOL, never a model. It answers problems of known
// datasets with seeded, deterministic chain-of-thought samples, can inject faults per instance, counts what it
// receives (requests, in-flight peaks, bearer tokens) so tests can assert on it, and binds 127.0.0.1 only.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchStore } from './batch-store';
import { completionBody, type CompletionRequest } from './completion';
import { pickFault, type FaultConfig } from './faults';
import { parseMultipart } from './multipart';
import { QuestionIndex } from './question-index';
import type { SimProblem } from './sim-problems';

export interface SimulatorOptions {
  port?: number;
  problems?: SimProblem[];
  latencyMs?: number;
  faults?: FaultConfig;
  /** When false the server ignores `n` and returns one choice, like some self-hosted servers. */
  honourN?: boolean;
  /** Caps the choices of one response (a server that honours `n` only up to a limit). */
  maxChoices?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get a 401. */
  apiKey?: string;
  /** Seed of the latent skills, so two simulators can play two different models. */
  simSeed?: number;
  batchDelayMs?: number;
  /** Fail this many request lines of batches (the first ones received) with a 500 line, to test batch retries. */
  batchLineFailures?: number;
}

export interface SimulatorStats {
  /** Requests per "METHOD path" (ids replaced by :id). */
  byRoute: Record<string, number>;
  completionRequests: number;
  /** Samples returned (choices summed over successful completion responses). */
  choicesServed: number;
  faultsInjected: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  /** Every Authorization header value received, so tests can check where a key went. */
  authorizations: string[];
  /** Prompts of completion requests in arrival order (for request-count-per-problem assertions). */
  prompts: string[];
}

export interface Simulator {
  url: string;
  port: number;
  stats: SimulatorStats;
  options: SimulatorOptions;
  close(): Promise<void>;
}

const COMPLETIONS: Record<string, 'chat' | 'completions'> = { '/v1/chat/completions': 'chat', '/v1/completions': 'completions' };

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function apiError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { error: { message, type: status === 429 ? 'rate_limit_error' : 'invalid_request_error', code: null } }, headers);
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const index = new QuestionIndex(options.problems ?? []);
  const stats: SimulatorStats = { byRoute: {}, completionRequests: 0, choicesServed: 0, faultsInjected: {}, inFlight: 0, maxInFlight: 0, authorizations: [], prompts: [] };
  const completionOpts = () => ({
    honourN: options.honourN ?? true,
    ...(options.maxChoices !== undefined ? { maxChoices: options.maxChoices } : {}),
    simSeed: options.simSeed ?? 0,
    batchDelayMs: options.batchDelayMs ?? 50,
    batchLineFailures: options.batchLineFailures ?? 0,
  });
  const batches = new BatchStore(index, completionOpts);

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '');
    const route = `${req.method} ${path.replace(/\/(file|batch)-sim\d+/, '/:id')}`;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    if (req.headers.authorization) stats.authorizations.push(req.headers.authorization);
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return apiError(res, 401, 'Incorrect API key provided.');
    }
    const kind = COMPLETIONS[path];
    if (req.method === 'POST' && kind) {
      const count = stats.completionRequests++;
      let parsed: CompletionRequest;
      try {
        parsed = JSON.parse(body.toString('utf8')) as CompletionRequest;
      } catch {
        return apiError(res, 400, 'The request body is not valid JSON.');
      }
      stats.prompts.push(kind === 'chat' ? JSON.stringify(parsed.messages) : String(parsed.prompt));
      if (options.latencyMs) {
        // The wait ends early when the client goes away, so a cancelled run leaves no timers behind.
        await new Promise<void>((r) => {
          const t = setTimeout(r, options.latencyMs);
          res.once('close', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      if (res.destroyed) return;
      const fault = pickFault(options.faults ?? {}, count, Math.random());
      if (fault) stats.faultsInjected[fault] = (stats.faultsInjected[fault] ?? 0) + 1;
      if (fault === 'error500') return apiError(res, 500, 'The simulator injected a server error.');
      if (fault === 'rate429') return apiError(res, 429, 'Rate limit reached (injected).', { 'retry-after': String(options.faults?.retryAfterSeconds ?? 0.05) });
      if (fault === 'drop') return void req.socket.destroy();
      const out = completionBody(kind, parsed, index, completionOpts());
      const text = JSON.stringify(out);
      if (fault === 'truncate') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        return void setTimeout(() => req.socket.destroy(), 5);
      }
      stats.choicesServed += (out as { choices: unknown[] }).choices.length;
      return json(res, 200, out);
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return json(res, 200, { object: 'list', data: [{ id: 'passk-sim', object: 'model', created: 0, owned_by: 'passk-sim' }] });
    }
    if (req.method === 'POST' && path === '/v1/files') {
      const parts = parseMultipart(body, req.headers['content-type'] ?? '');
      const file = parts.find((p) => p.name === 'file');
      if (!file) return apiError(res, 400, 'The upload has no "file" part.');
      const purpose = parts.find((p) => p.name === 'purpose')?.data.toString('utf8') ?? 'batch';
      return json(res, 200, batches.fileObject(batches.addFile(file.filename ?? 'upload.jsonl', purpose, file.data)));
    }
    const fileMatch = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (req.method === 'GET' && fileMatch) {
      const f = batches.files.get(fileMatch[1]!);
      if (!f) return apiError(res, 404, `No file with id ${fileMatch[1]}.`);
      if (!fileMatch[2]) return json(res, 200, batches.fileObject(f));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.data.length });
      return void res.end(f.data);
    }
    if (req.method === 'POST' && path === '/v1/batches') {
      let parsed: object;
      try {
        parsed = JSON.parse(body.toString('utf8')) as object;
      } catch {
        return apiError(res, 400, 'The request body is not valid JSON.');
      }
      const created = batches.create(parsed);
      return typeof created === 'string' ? apiError(res, 400, created) : json(res, 200, created);
    }
    const batchMatch = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (batchMatch) {
      const b = batches.batches.get(batchMatch[1]!);
      if (!b) return apiError(res, 404, `No batch with id ${batchMatch[1]}.`);
      if (batchMatch[2] && req.method === 'POST') b.status = 'cancelled';
      return json(res, 200, b);
    }
    return apiError(res, 404, `The simulator has no route ${req.method} ${path}.`);
  };

  const server = http.createServer((req, res) => {
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let done = false;
    const finish = () => {
      if (!done) stats.inFlight--;
      done = true;
    };
    res.on('close', finish);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((e: unknown) => {
        if (!res.headersSent) apiError(res, 500, `The simulator failed: ${e instanceof Error ? e.message : String(e)}`);
      });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    stats,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
