// Every request handler runs through `guard`, so a bug triggered by some odd recipe can never take the server
// down or leave the client waiting: the failure is logged to the connection console (the client's output
// channel) and the request answers with an empty result instead.

import { ResponseError } from 'vscode-languageserver/node';

export interface Logger {
  error(message: string): void;
}

export function guard<P extends unknown[], R>(
  logger: Logger,
  name: string,
  fallback: R,
  fn: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await fn(...args);
    } catch (e) {
      // A ResponseError is a deliberate answer (e.g. "that name already exists" for rename), not a failure.
      if (e instanceof ResponseError) throw e;
      logger.error(`passk: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };
}

/** The same protection for notifications and timers, which have no result to fall back to. */
export function guardVoid(logger: Logger, name: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    logger.error(`passk: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
