// Registers everything about runs and their results: `passk/run`, `passk/report`, `passk/problem`, `passk/compare`, `passk/preview`,
// `passk/datasetResults`, `passk/compareWith`,
// `passk/previewLive`, `passk/modelEndpoints`, CodeLens, inlay hints, dataset hovers, run diagnostics, watched run summaries, and the
// trust and runs-changed notifications. server.ts calls
// `registerRunFeatures` once and merges `runCapabilities` into its initialize result; the returned object's
// `hover` is consulted before the recipe hover, because only dataset lines have a run hover.
import { DidChangeWatchedFilesNotification, type Hover, type HoverParams, type InitializeParams, type ServerCapabilities } from 'vscode-languageserver/node';
import {
  CompareWithRequest,
  DatasetResultsRequest,
  CompareRequest,
  LivePreviewRequest,
  ProblemRequest,
  ModelEndpointsRequest,
  PreviewRequest,
  ReportRequest,
  RunRequest,
  RunsChangedNotification,
  WorkspaceTrustNotification,
  type PreviewResult,
  type ReportResult,
  type RunParams,
  type RunResult,
} from '../../protocol/requests';
import { uriToPath } from '../convert';
import { guard, guardVoid } from '../guard';
import { onTypedNotification, onTypedRequest } from '../typed-handlers';
import { codeLenses } from './code-lens';
import { datasetHover } from './dataset-hover';
import { compareWith, datasetResults } from './dataset-results';
import { inlayHints } from './inlay-hints';
import { preview } from './preview';
import { livePreview } from './preview-live';
import { modelEndpoints } from './model-endpoints';
import { report } from './report';
import { problem } from './problem';
import { compare } from './compare';
import { RunInsights, type RunFeatureDeps } from './run-insights';
import { runEntry } from './run';

export const runCapabilities: ServerCapabilities = {
  codeLensProvider: { resolveProvider: false },
  inlayHintProvider: { resolveProvider: false },
};

export interface RunFeatures {
  insights: RunInsights;
  /** Call from onInitialize with the client's params (settings, workspace folders, refresh support). */
  initialize(params: InitializeParams): void;
  /** The run hover of a dataset line, or null (then the recipe hover answers). */
  hover(params: HoverParams): Promise<Hover | null>;
}

export function registerRunFeatures(deps: RunFeatureDeps): RunFeatures {
  const { connection, documents } = deps;
  const log = connection.console;
  const insights = new RunInsights(deps);

  connection.onCodeLens(guard(log, 'codeLens', [], (p: { textDocument: { uri: string } }) => codeLenses(insights, p.textDocument.uri)));
  connection.languages.inlayHint.on(guard(log, 'inlayHint', [], (p) => inlayHints(insights, p.textDocument.uri, p.range)));
  // A run has no fallback answer: an unexpected failure is an error the client shows.
  onTypedRequest<RunParams, RunResult | undefined>(connection, log, RunRequest, undefined, (p, token) => runEntry(insights, p, token));
  const noReport: ReportResult = { title: 'passk report', problems: ['The report could not be rendered; see the passk output for details.'] };
  onTypedRequest(connection, log, ReportRequest, noReport, (p) => report(insights, p));
  const noPreview: PreviewResult = { entry: '', items: [], problems: ['The preview could not be rendered; see the passk output for details.'] };
  onTypedRequest(connection, log, PreviewRequest, noPreview, (p) => preview(insights, p));
  const noLivePreview = { title: 'passk live preview', problems: ['The live preview failed; see the passk output for details.'] };
  onTypedRequest(connection, log, LivePreviewRequest, noLivePreview, (p, token) => livePreview(insights, p, token));
  onTypedRequest(connection, log, ProblemRequest, { title: 'passk problem', problems: ['The problem could not be shown; see the passk output for details.'] }, (p) => problem(insights, p));
  onTypedRequest(connection, log, CompareRequest, { title: 'passk comparison', problems: ['The runs could not be compared; see the passk output for details.'] }, (p) => compare(insights.cache, p));
  onTypedRequest(connection, log, DatasetResultsRequest, { rows: [] }, (p) => datasetResults(insights, p));
  onTypedRequest(connection, log, CompareWithRequest, { problems: ['The baseline could not be read; see the passk output for details.'] }, (p) => compareWith(insights, p));
  onTypedRequest(connection, log, ModelEndpointsRequest, { models: [] }, (p) => modelEndpoints(insights, p));
  onTypedNotification(connection, log, WorkspaceTrustNotification, (p) => {
    // Trust is only ever granted at run time; revoking it needs a reload, so a false here changes nothing.
    if (p.trusted === true) insights.settings.workspaceTrusted = true;
  });
  onTypedNotification(connection, log, RunsChangedNotification, (p) => {
    insights.invalidate(typeof p.uri === 'string' ? uriToPath(p.uri) : undefined);
    insights.requestRefresh();
  });

  // Runs finished elsewhere (the CLI, another window) show up through file events on their summaries, when the
  // client can watch files for us; the client's own runs refresh through passk/run and passk/runsChanged.
  connection.onInitialized(() =>
    guardVoid(log, 'initialized', () => {
      // Runs are read ahead in the background: the first dataset file opened should not wait for them.
      insights.prefetch().catch((e: unknown) => log.error(`passk: cannot read runs ahead: ${String(e)}`));
      if (!insights.watchSupport) return;
      const watchers = ['**/.passk/eval/*/summary.json', '**/.passk/synth/*/synth-summary.json'].map((globPattern) => ({ globPattern }));
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((e: unknown) => log.error(`passk: cannot watch run folders: ${String(e)}`));
    }),
  );
  connection.onDidChangeWatchedFiles((p) =>
    guardVoid(log, 'didChangeWatchedFiles', () => {
      for (const change of p.changes) {
        const file = uriToPath(change.uri);
        if (file) insights.runFileChanged(file);
      }
      insights.requestRefresh();
    }),
  );

  documents.onDidOpen((e) => insights.scheduleDocument(e.document.uri, 50));
  documents.onDidChangeContent((e) => {
    insights.scheduleDocument(e.document.uri, 300);
    // A recipe edit can change which run its datasets show (fingerprint), so open datasets follow it.
    if (insights.isRecipe(e.document.uri)) for (const d of documents.all()) if (insights.isDataset(d.uri)) insights.scheduleDocument(d.uri, 400);
  });
  documents.onDidClose((e) => insights.closed(e.document.uri));

  return {
    insights,
    initialize: (params) => insights.initialize(params),
    hover: guard(log, 'runHover', null, (p: HoverParams) => datasetHover(insights, p.textDocument.uri, p.position)),
  };
}
