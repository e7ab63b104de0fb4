// The worker side of BackgroundAnalyzer: the same bundle (dist/server.js) started as a worker thread answers
// analysis requests with their problems. Any failure becomes an error string, never an unhandled exception.
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './background-analyzer';
import type { Analyzer } from './session';

export function runAnalysisWorker(analyzer: Analyzer): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (req: WorkerRequest) => {
    let res: WorkerResponse;
    try {
      // For a large recipe opened just now, its syntax problems go out first (see BackgroundAnalyzer.analyze).
      const onParsed = req.early ? (early: WorkerResponse['early']) => port.postMessage({ id: req.id, early } satisfies WorkerResponse) : undefined;
      res = { id: req.id, problems: analyzer(req.input, onParsed).problems };
    } catch (e) {
      res = { id: req.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(res);
  });
}
