import type { CompletionItem, Position } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import type { Analysis } from '../session';

export function completion(a: Analysis, position: Position, ctx: ServerContext): CompletionItem[] {
  void a; void position; void ctx;
  return [];
}
