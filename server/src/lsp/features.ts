// Routes LSP requests to the feature handlers. Each route looks up the analysis of the document's current
// version (shared with diagnostics through the session cache) and runs under `guard`, so a failing handler
// logs to the client's output and answers with an empty result instead of breaking the connection.
import type { CompletionItem, CompletionList, CompletionParams, Connection, Hover, HoverParams } from 'vscode-languageserver/node';
import { compactCompletion } from './completion-list';
import { guard } from './guard';
import { EntriesRequest } from '../protocol/requests';
import { codeActions } from './handlers/code-actions';
import { completion } from './handlers/completion';
import { hover } from './handlers/hover';
import { entries } from './handlers/entries';
import { definition, prepareRename, references, rename } from './handlers/navigation';
import { documentSymbols } from './handlers/symbols';
import type { ServerContext } from './server';
import { onTypedRequest } from './typed-handlers';

/** A hover that answers first when it has something (run results on dataset lines); null passes to the recipe hover. */
export type HoverFirst = (params: HoverParams) => Promise<Hover | null>;

export function registerFeatures(connection: Connection, ctx: ServerContext, hoverFirst?: HoverFirst): void {
  const log = connection.console;
  type A = NonNullable<ReturnType<ServerContext['analysisOf']>>;
  const withAnalysis = <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, fn: (a: A, p: P) => R | Promise<R>, draft = false) =>
    guard<[P], R>(log, name, fallback, async (p: P) => {
      const a = draft ? await ctx.draftReady(p.textDocument.uri) : await ctx.analysisReady(p.textDocument.uri);
      return a ? fn(a, p) : fallback;
    });

  // Completion answers from a draft (current text, newest analysis already made) so typing never waits for a
  // re-analysis; everything that returns positions uses the analysis of the exact version.
  connection.onCompletion(
    withAnalysis<CompletionParams, CompletionItem[] | CompletionList>('completion', [], (a, p) => compactCompletion(completion(a, p.position, ctx), ctx.editRangeDefault()), true),
  );
  const recipeHover = withAnalysis('hover', null, (a, p: HoverParams) => hover(a, p.position, ctx));
  connection.onHover(async (p: HoverParams) => (hoverFirst ? await hoverFirst(p) : null) ?? recipeHover(p));
  connection.onDefinition(withAnalysis('definition', [], (a, p) => definition(a, p.position)));
  connection.onReferences(withAnalysis('references', [], (a, p) => references(a, p.position, p.context.includeDeclaration)));
  connection.onPrepareRename(withAnalysis('prepareRename', null, (a, p) => prepareRename(a, p.position)));
  connection.onRenameRequest(withAnalysis('rename', null, (a, p) => rename(a, p.position, p.newName)));
  connection.onDocumentSymbol(withAnalysis('documentSymbol', [], (a) => documentSymbols(a)));
  onTypedRequest(connection, log, EntriesRequest, { entries: [], hasErrors: false }, async (p) => {
    const a = await ctx.analysisReady(p.uri);
    return a ? entries(a) : { entries: [], hasErrors: false };
  });
  connection.onCodeAction(withAnalysis('codeAction', [], (a, p) => codeActions(a, p.context.diagnostics)));
}
