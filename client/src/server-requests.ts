// Typed calls of the custom `passk/…` requests declared in server/src/protocol/requests.ts. A server that does
// not implement a request yet answers "method not found"; that becomes a plain message for the user instead
// of a stack trace, because the client and server may be upgraded at different times.
import type * as vscode from 'vscode';
import { ErrorCodes, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import type { RequestDef } from '../../server/src/protocol/define';

export class ServerRequestError extends Error {}

/** Sends a request declared with defineRequest; its params and result types come from the declaration. */
export async function request<P, R>(
  client: LanguageClient,
  def: RequestDef<P, R>,
  params: P,
  token?: vscode.CancellationToken,
): Promise<R> {
  const method = def.method;
  try {
    return token ? await client.sendRequest<R>(method, params, token) : await client.sendRequest<R>(method, params);
  } catch (e) {
    if (isCancellation(e)) throw e;
    if (e instanceof ResponseError && e.code === ErrorCodes.MethodNotFound) {
      throw new ServerRequestError(`This version of the passk language server does not support "${method}" yet.`);
    }
    if (e instanceof ResponseError) throw new ServerRequestError(e.message);
    throw e;
  }
}

/** Whether an error is the cancellation of a request (the user pressed Cancel). */
export function isCancellation(e: unknown): boolean {
  return e instanceof ResponseError && (e.code === -32800 /* RequestCancelled */ || e.code === -32802 /* ServerCancelled */);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
