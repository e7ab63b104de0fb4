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
import type { Problem } from '../problems/problem';
import { TextLines } from '../text/text-lines';
import { AnalyzedNotification, type AnalyzedParams } from '../protocol/requests';
import { defaultDocsFile, uriToPath } from './convert';
import { guardVoid } from './guard';
import { BackgroundAnalyzer } from './background-analyzer';
import { DiagnosticPublisher } from './publisher';
import { DiagnosticScheduler } from './scheduler';
import { FileLinesCache, Session, type Analysis, type Analyzer } from './session';
import { readSettings, type ServerSettings } from './settings';
import { registerFeatures } from './features';
import { RunSupervisor } from './run-supervisor';
import { registerRunFeatures, runCapabilities } from './handlers/run-features';
import { isRecipePath } from './handlers/workspace-recipes';

export interface ServerOptions {
  analyzer: Analyzer;
  /** The environment `${env:…}` completion offers names from (the server's own by default). */
  env?: NodeJS.ProcessEnv;
  docsFile?: string;
  /** The server bundle, started again as a worker thread for background analysis; absent means in-process. */
  workerScript?: string;
  /** The client's session key that opens sealed API keys (protocol/key-envelope.ts); absent: no keys accepted. */
  sessionKey?: Buffer;
  /** dist/cli.js, started as the child process of every run (run-supervisor.ts); absent: runs are refused. */
  cliScript?: string;
}

/** What feature handlers get: the analysis of an open document at its current version. */
export interface ServerContext {
  analysisOf(uri: string): Analysis | undefined;
  /** The current text with the newest analysis already made (possibly of an older version); never analyses. */
  draftOf(uri: string): Analysis | undefined;
  documents: TextDocuments<TextDocument>;
  env: NodeJS.ProcessEnv;
  settings(): ServerSettings;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const session = new Session(options.analyzer);
  const files = new FileLinesCache();
  const docsFile = options.docsFile ?? defaultDocsFile();
  let settings = readSettings(undefined);

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
  const publisher = new DiagnosticPublisher(connection, docsFile, linesOf);
  let scheduler = new DiagnosticScheduler(settings.diagnosticsDelayMs, () => undefined);
  const background = options.workerScript ? new BackgroundAnalyzer(options.workerScript, (m) => connection.console.error(m)) : undefined;
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
      background.analyze(
        input,
        (problems) =>
          guardVoid(connection.console, 'diagnostics', () => {
            if (current()) publish({ ...input, lines: new TextLines(input.text), problems });
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
    env,
    docsFile,
    ...(options.sessionKey ? { sessionKey: options.sessionKey } : {}),
    ...(supervisor ? { supervisor } : {}),
    contribute: (uri, source, diagnostics) => publisher.contribute(uri, source, diagnostics),
  });

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions);
    scheduler = new DiagnosticScheduler(settings.diagnosticsDelayMs, analyseAndPublish);
    // The worker loads the whole bundle; starting it now overlaps that with the client's own start-up.
    if (settings.analysisInWorker) background?.start();
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
      session.forget(e.document.uri);
      publisher.close(e.document.uri);
    }),
  );

  const ctx: ServerContext = { analysisOf, draftOf, documents, env, settings: () => settings };
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
