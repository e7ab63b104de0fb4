// The worker side of BackgroundAnalyzer, bundled on its own into dist/analysis-worker.js (the recipe core and
// nothing of the LSP, runs or reports; see analysis-worker-main.ts), so it is ready in a fraction of the time the
// whole server bundle takes to load. It answers analysis requests with their problems and the typed RecipeDoc,
// which is plain data (see TemplateSource), so the main thread keeps it for hover, completion and CodeLens
// instead of analysing the same version again. The recipe text itself is left out of the reply: the main thread
// sent it and still has it. Any failure becomes an error string, never an unhandled exception.
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './background-analyzer';
import type { RecipeDoc } from '../recipe/model';
import type { Analyzer } from './session';

/** `onRequest`, when given, is told of each request before it is analysed (the warm-up stops at the first). */
export function runAnalysisWorker(analyzer: Analyzer, onRequest?: () => void): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (req: WorkerRequest) => {
    onRequest?.();
    let res: WorkerResponse;
    let doc: RecipeDoc | undefined;
    try {
      // For a large recipe opened just now, its syntax problems go out first (see BackgroundAnalyzer.analyze).
      const onParsed = req.early ? (early: WorkerResponse['early']) => port.postMessage({ id: req.id, early } satisfies WorkerResponse) : undefined;
      const out = analyzer(req.input, onParsed);
      doc = out.doc;
      res = { id: req.id, problems: out.problems, ...(doc ? { docFollows: true } : {}) };
    } catch (e) {
      res = { id: req.id, error: e instanceof Error ? e.message : String(e) };
    }
    // The problems go out on their own first: copying a large document takes a few tens of milliseconds on each
    // side, and the diagnostics need none of it.
    port.postMessage(res);
    if (!doc) return;
    try {
      port.postMessage({ id: req.id, docMessage: true, doc: { ...doc, text: '' } } satisfies WorkerResponse);
    } catch {
      // Should a document ever hold something that cannot be copied, it is left out (the main thread then
      // analyses that version itself when a feature needs the document).
      port.postMessage({ id: req.id, docMessage: true } satisfies WorkerResponse);
    }
  });
}
