// Baseline for bench/lsp-latency.js: a bare vscode-languageserver stdio server with the same document sync as
// passk's, which publishes an empty diagnostics set on every change and answers completion with nothing.
// Its latency is the cost of the protocol, process hop and document bookkeeping alone, so passk's figures
// divided by it show what the analysis itself adds.
const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, completionProvider: { triggerCharacters: [':'] } },
}));
documents.onDidChangeContent(({ document }) => {
  connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
});
connection.onCompletion(() => []);
documents.listen(connection);
connection.listen();
