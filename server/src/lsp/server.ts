// Wires the language server: documents with incremental sync, debounced diagnostics and the feature handlers.
// Each handler is a pure function of an Analysis (handlers/*) so this file only routes messages; every route
// goes through `guard`, which turns an unexpected exception into a logged empty answer.
import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Worker } from 'node:worker_threads';
import type { Problem } from '../problems/problem';
import { TextLines } from '../text/text-lines';
import { AnalyzedNotification, type AnalyzedParams } from '../protocol/requests';
import { defaultDocsFile, uriToPath } from './convert';
import { guardVoid } from './guard';
import { BackgroundAnalyzer } from './background-analyzer';
import { DiagnosticPublisher } from './publisher';
import { DiagnosticScheduler } from './scheduler';
import { FileLinesCache, Session, type Analysis, type Analyzer } from './session';
import { PendingAnalyses } from './pending-analyses';
import { readSettings, type ServerSettings } from './settings';
import { registerFeatures } from './features';
import { supportsEditRangeDefault } from './completion-list';
import { RunSupervisor } from './run-supervisor';
import { registerRunFeatures, runCapabilities } from './handlers/run-features';
import { isRecipePath } from './handlers/workspace-recipes';

export interface ServerOptions {
  analyzer: Analyzer;
  /** The environment `${env:…}` completion offers names from (the server's own by default). */
  env?: NodeJS.ProcessEnv;
  docsFile?: string;
  /** The analysis worker's bundle (dist/analysis-worker.js), started as a worker thread; absent means in-process. */
  workerScript?: string;
  /** A worker already started from `workerScript` (main.ts starts it before loading the server); stopped if unused. */
  startedWorker?: Worker;
  /** The client's session key that opens sealed API keys (protocol/key-envelope.ts); absent: no keys accepted. */
  sessionKey?: Buffer;
  /** dist/cli.js, started as the child process of every run (run-supervisor.ts); absent: runs are refused. */
  cliScript?: string;
}

/** What feature handlers get: the analysis of an open document at its current version. */
export interface ServerContext {
  analysisOf(uri: string): Analysis | undefined;
  /**
   * The same analysis, but when the analysis worker is already working on this version (or its debounce timer is
   * about to hand it over), it waits for that result instead of analysing the same text again on this thread.
   */
  analysisReady(uri: string): Promise<Analysis | undefined>;
  /** The current text with the newest analysis already made (possibly of an older version); never analyses. */
  draftOf(uri: string): Analysis | undefined;
  /** `draftOf`, except that a document with no analysis at all yet waits for the worker's first one. */
  draftReady(uri: string): Promise<Analysis | undefined>;
  documents: TextDocuments<TextDocument>;
  env: NodeJS.ProcessEnv;
  settings(): ServerSettings;
  /** Whether the client takes a completion list's shared edit range once (LSP 3.17 `itemDefaults.editRange`). */
  editRangeDefault(): boolean;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  // PASSK_LSP_TRACE=analyses logs where each analysis was made, to tell why an editor waits (and for the tests
  // that check features reuse the worker's analysis instead of making their own on this thread).
  const traceAnalyses = (options.env ?? process.env).PASSK_LSP_TRACE?.split(',').includes('analyses') === true;
  const trace = (message: string) => traceAnalyses && connection.console.log(`passk trace: ${message}`);
  const session = new Session((input, onParsed) => {
    const t0 = performance.now();
    const out = options.analyzer(input, onParsed);
    trace(`analysed ${input.uri} version ${input.version} on the main thread in ${Math.round(performance.now() - t0)} ms`);
    return out;
  });
  const files = new FileLinesCache();
  const docsFile = options.docsFile ?? defaultDocsFile();
  let settings = readSettings(undefined);
  let editRangeDefault = false;

  // The client also opens dataset files (.jsonl/.json) for run hints; only recipes are analysed as recipes,
  // for diagnostics and for every recipe feature (a hover in a JSONL file must not show recipe field docs).
  const isRecipeDocument = (d: TextDocument) => d.languageId === 'passk-recipe' || isRecipePath(uriToPath(d.uri) ?? d.uri);
  const analysisOf = (uri: string): Analysis | undefined => {
    const document = documents.get(uri);
    if (!document || !isRecipeDocument(document)) return undefined;
    return session.analysisOf({ uri, file: uriToPath(uri), text: document.getText(), version: document.version });
  };
  const draftOf = (uri: string): Analysis | undefined => {
    const document = documents.get(uri);
    if (!document || !isRecipeDocument(document)) return undefined;
    return session.draftOf({ uri, file: uriToPath(uri), text: document.getText(), version: document.version });
  };
  // Another file's lines: an open editor's unsaved text wins over the file on disk.
  const linesOf = (file: string): TextLines | undefined => {
    for (const d of documents.all()) if (uriToPath(d.uri) === file) return new TextLines(d.getText());
    return files.get(file);
  };
  const inFlight = new PendingAnalyses();
  // Waiting is worth it only for a version the worker is analysing right now: one queued behind another
  // document's analysis is made here instead, so a small recipe never waits for a large one.
  const workerOn = (uri: string, version: number) => background?.isAnalysing(uri, version) === true && inFlight.versionOf(uri) === version;
  const analysisReady = async (uri: string): Promise<Analysis | undefined> => {
    // Each pass waits for one worker answer; a version the worker gave up on (a newer one replaced it, or the
    // worker died) ends the wait and the analysis is made here, as it always could be.
    for (let pass = 0; pass < 2; pass++) {
      const document = documents.get(uri);
      if (!document || !isRecipeDocument(document)) return undefined;
      const input = { uri, file: uriToPath(uri), text: document.getText(), version: document.version };
      const hit = session.cached(input);
      if (hit) return hit;
      scheduler.flush(uri);
      if (!workerOn(uri, document.version)) break;
      await inFlight.settled(uri);
    }
    return analysisOf(uri);
  };
  const draftReady = async (uri: string): Promise<Analysis | undefined> => {
    const version = documents.get(uri)?.version;
    if (version !== undefined && !session.hasAny(uri)) {
      scheduler.flush(uri);
      if (workerOn(uri, version)) await inFlight.settled(uri);
    }
    return draftOf(uri);
  };
  const publisher = new DiagnosticPublisher(connection, docsFile, linesOf);
  let scheduler = new DiagnosticScheduler(settings.diagnosticsDelayMs, () => undefined);
  const background = options.workerScript ? new BackgroundAnalyzer(options.workerScript, (m) => connection.console.error(m), options.startedWorker) : undefined;
  // Open recipes whose full analysis has not been published yet: only these get their syntax problems early.
  const awaitingFirst = new Set<string>();
  const publish = (analysis: Analysis) => {
    awaitingFirst.delete(analysis.uri);
    publisher.publish(analysis);
    const own = analysis.problems.filter((p) => p.file === undefined || p.file === analysis.file);
    const analyzed: AnalyzedParams = {
      uri: analysis.uri,
      version: analysis.version,
      errors: own.filter((p) => p.severity === 'error').length,
      warnings: own.filter((p) => p.severity === 'warning').length,
    };
    void connection.sendNotification(AnalyzedNotification.method, analyzed);
  };
  const analyseAndPublish = (uri: string, version: number) =>
    guardVoid(connection.console, 'diagnostics', () => {
      const document = documents.get(uri);
      // The document may have changed or closed while the timer waited; only the newest version publishes.
      if (!document || document.version !== version || !scheduler.isCurrent(uri, version)) return;
      const input = { uri, file: uriToPath(uri), text: document.getText(), version };
      if (!background || !settings.analysisInWorker) {
        publish(session.analysisOf(input));
        return;
      }
      const current = () => scheduler.isCurrent(uri, version) && documents.get(uri)?.version === version;
      // Opening a large recipe with YAML syntax errors, those are published as soon as the worker has parsed it,
      // so the editor shows them while the recipe checks still run; the full set replaces them. A recipe that
      // parses cleanly publishes once, complete: an empty early set would tell the user nothing.
      const early =
        awaitingFirst.has(uri) && hasLines(input.text, EARLY_SYNTAX_LINES)
          ? (problems: Problem[]) =>
              guardVoid(connection.console, 'diagnostics', () => {
                if (problems.length > 0 && current() && awaitingFirst.has(uri)) publisher.publish({ ...input, lines: new TextLines(input.text), problems });
              })
          : undefined;
      inFlight.track(uri, version);
      background.analyze(
        input,
        ({ doc, problems }) =>
          guardVoid(connection.console, 'diagnostics', () => {
            try {
              if (!current()) return;
              const analysis: Analysis = { ...input, lines: new TextLines(input.text), doc, problems };
              trace(`the analysis worker analysed ${uri} version ${version}${doc ? '' : ' (problems only)'}`);
              // Kept only with its document: without one, a feature that needs it analyses this version itself.
              if (doc) session.store(analysis);
              publish(analysis);
            } finally {
              inFlight.settle(uri, version);
            }
          }),
        early,
      );
    });

  const env = options.env ?? process.env;
  const supervisor = options.cliScript ? new RunSupervisor(options.cliScript, (m) => connection.console.error(m)) : undefined;
  // Run results (CodeLens, inlay hints, dataset hovers and diagnostics, passk/run, report, preview) live in
  // their own handlers; their diagnostics join the same publisher so no producer overwrites another's.
  const runs = registerRunFeatures({
    connection,
    documents,
    analysisOf,
    analysisReady,
    env,
    docsFile,
    ...(options.sessionKey ? { sessionKey: options.sessionKey } : {}),
    ...(supervisor ? { supervisor } : {}),
    contribute: (uri, source, diagnostics) => publisher.contribute(uri, source, diagnostics),
  });

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions);
    editRangeDefault = supportsEditRangeDefault(params);
    scheduler = new DiagnosticScheduler(settings.diagnosticsDelayMs, analyseAndPublish);
    // The worker is usually running already (main.ts); otherwise starting it now overlaps its load with the
    // client's own start-up. A client that asked for analysis on the message loop gets no worker at all.
    if (settings.analysisInWorker) background?.start();
    else background?.dispose();
    runs.initialize(params);
    return {
      capabilities: {
        ...runCapabilities,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: [':', ' ', '{', '.', '$'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'passk', version: '0.1.0' },
    };
  });

  documents.onDidOpen((e) => {
    if (!isRecipeDocument(e.document)) return;
    awaitingFirst.add(e.document.uri);
    scheduler.schedule(e.document.uri, e.document.version);
  });
  documents.onDidChangeContent((e) => isRecipeDocument(e.document) && scheduler.schedule(e.document.uri, e.document.version));
  documents.onDidClose((e) =>
    guardVoid(connection.console, 'close', () => {
      scheduler.cancel(e.document.uri);
      awaitingFirst.delete(e.document.uri);
      background?.cancel(e.document.uri);
      inFlight.settle(e.document.uri);
      session.forget(e.document.uri);
      publisher.close(e.document.uri);
    }),
  );

  const ctx: ServerContext = { analysisOf, analysisReady, draftOf, draftReady, documents, env, settings: () => settings, editRangeDefault: () => editRangeDefault };
  registerFeatures(connection, ctx, runs.hover);
  // Runs are children of this process: shutdown waits until each has stopped and kept what it stored.
  connection.onShutdown(async () => {
    background?.dispose();
    await supervisor?.stopAll();
  });
  documents.listen(connection);
  connection.listen();
}

/** A recipe with at least this many lines takes long enough to analyse that its syntax problems go out first. */
const EARLY_SYNTAX_LINES = 1000;

/** True when `text` has at least `n` lines, without splitting it. */
function hasLines(text: string, n: number): boolean {
  let at = -1;
  for (let i = 1; i < n; i++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return false;
  }
  return true;
}
