// Declares each custom message once: its method, its parameter and result types, and the shape its parameters
// are checked against at the server's edge. Plain data with no LSP import, so the pure core, the server and the
// client all use the same declaration (the client passes it to client/src/server-requests.ts).
import type { Shape } from './shape';

export interface RequestDef<P, R> {
  readonly kind: 'request';
  readonly method: string;
  readonly shape: Shape;
  /** Type-only: never set. It carries P and R so a call site infers both from the declaration. */
  readonly types?: { params: P; result: R };
}

export interface NotificationDef<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly shape: Shape;
  readonly types?: { params: P };
}

export function defineRequest<P, R>(method: string, shape: Shape): RequestDef<P, R> {
  return { kind: 'request', method, shape };
}

export function defineNotification<P>(method: string, shape: Shape): NotificationDef<P> {
  return { kind: 'notification', method, shape };
}

/** The parameters as P, or the sentence saying what is wrong with them. */
export function checkParams<P>(def: RequestDef<P, unknown> | NotificationDef<P>, params: unknown): { value: P } | { error: string } {
  const wrong = def.shape(params, '');
  return wrong ? { error: `${def.method}: ${wrong}.` } : { value: params as P };
}
