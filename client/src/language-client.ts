// Creates the LanguageClient that runs the bundled server (dist/server.js) over stdio in the extension host's
// own Node. Recipes are the main documents; JSON Lines and JSON files are included so that dataset files
// can carry the inlay hints and diagnostics the server derives from runs.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { initializationOptions, readConfig } from './config';

export const languageId = 'passk-recipe';

export const documentSelector = [
  { scheme: 'file', language: languageId },
  { scheme: 'untitled', language: languageId },
  { scheme: 'file', pattern: '**/*.jsonl' },
  { scheme: 'file', pattern: '**/*.json' },
];

/**
 * `sessionEnv` holds the session key that seals API keys in requests (key-seal.ts); it reaches the server only
 * through the process environment, never over LSP, so the trace cannot show it.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, sessionEnv: Record<string, string>): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // The language client adds these variables to the extension host's own environment when it forks the server.
  const env = sessionEnv;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, args: ['--stdio'], options: { env } },
    debug: { module, transport: TransportKind.stdio, args: ['--stdio'], options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: initializationOptions(readConfig(), vscode.workspace.isTrusted),
    synchronize: { configurationSection: 'passk' },
  };
  // The id `passk` makes vscode-languageclient honour the `passk.trace.server` setting by itself.
  return new LanguageClient('passk', 'passk language server', serverOptions, clientOptions);
}
