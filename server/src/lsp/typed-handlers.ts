// Registers the handler of a declared custom message (protocol/define.ts): the parameters are checked against
// the declaration's shape at this edge, so a handler gets its declared type or is never called, and a
// malformed request answers InvalidParams with a sentence naming the field. Every handler still runs inside
// `guard`, so an unexpected exception is logged and answered with the fallback.
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { checkParams, type NotificationDef, type RequestDef } from '../protocol/define';
import { guard, guardVoid, type Logger } from './guard';

export function onTypedRequest<P, R>(
  connection: Connection,
  log: Logger,
  def: RequestDef<P, R>,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): void {
  connection.onRequest(
    def.method,
    guard(log, def.method, fallback, (raw: unknown, token: CancellationToken) => {
      const checked = checkParams(def, raw);
      if ('error' in checked) throw new ResponseError(ErrorCodes.InvalidParams, checked.error);
      return handler(checked.value, token);
    }),
  );
}

/** A malformed notification has nobody to answer, so it is logged and dropped. */
export function onTypedNotification<P>(connection: Connection, log: Logger, def: NotificationDef<P>, handler: (params: P) => void): void {
  connection.onNotification(def.method, (raw: unknown) =>
    guardVoid(log, def.method, () => {
      const checked = checkParams(def, raw);
      if ('error' in checked) log.error(`passk: ignored a malformed notification: ${checked.error}`);
      else handler(checked.value);
    }),
  );
}
