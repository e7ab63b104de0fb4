import type { Hover, Position } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import type { Analysis } from '../session';

export function hover(a: Analysis, position: Position, ctx: ServerContext): Hover | null {
  void a; void position; void ctx;
  return null;
}
