// The worker side of BackgroundAnalyzer, bundled on its own into dist/analysis-worker.js (the recipe core and
// nothing of the LSP, runs or reports; see analysis-worker-main.ts), so it is ready in a fraction of the time the
// whole server bundle takes to load. It answers analysis requests with their problems and the typed RecipeDoc,
// which is plain data (see TemplateSource), so the main thread keeps it for hover, completion and CodeLens
// instead of analysing the same version again. The recipe text itself is left out of the reply: the main thread
// sent it and still has it. Any failure becomes an error string, never an unhandled exception.
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './background-analyzer';
import type { Analyzer } from './session';

/** `onRequest`, when given, is told of each request before it is analysed (the warm-up stops at the first). */
export function runAnalysisWorker(analyzer: Analyzer, onRequest?: () => void): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (req: WorkerRequest) => {
    onRequest?.();
    let res: WorkerResponse;
    try {
      // For a large recipe opened just now, its syntax problems go out first (see BackgroundAnalyzer.analyze).
      const onParsed = req.early ? (early: WorkerResponse['early']) => port.postMessage({ id: req.id, early } satisfies WorkerResponse) : undefined;
      const { doc, problems } = analyzer(req.input, onParsed);
      res = { id: req.id, problems, ...(doc ? { doc: { ...doc, text: '' } } : {}) };
    } catch (e) {
      res = { id: req.id, error: e instanceof Error ? e.message : String(e) };
    }
    try {
      port.postMessage(res);
    } catch {
      // Should a document ever hold something that cannot be copied, the problems still go out without it (the
      // main thread then analyses that version itself when a feature needs the document).
      port.postMessage({ ...res, doc: undefined } satisfies WorkerResponse);
    }
  });
}
