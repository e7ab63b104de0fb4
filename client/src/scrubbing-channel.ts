// The output channel every passk message goes through, including the LSP trace (`passk.trace.server`). Keys
// cross the connection only sealed (server/src/protocol/key-envelope.ts), so a trace should never hold one;
// as a second line of defence this channel replaces every key value the session knows before the text reaches
// the real channel, whatever wrote it.
//
// Only `import type` from vscode, so it can be tested in plain Node with a fake channel.
import type * as vscode from 'vscode';
import { redact } from '../../server/src/sampling/secrets';


/**
 * Wraps a log output channel (vscode-languageclient 11 writes its messages and traces through the log levels,
 * not only through append) so every text that reaches it has the session's keys replaced first.
 */
export function scrubbingChannel(inner: vscode.LogOutputChannel, secrets: () => Iterable<string>): vscode.LogOutputChannel {
  const scrub = (text: string) => redact(text, secrets());
  const scrubError = (error: string | Error): string | Error =>
    typeof error === 'string' ? scrub(error) : Object.assign(new Error(scrub(error.message)), { name: error.name });
  return {
    get name() {
      return inner.name;
    },
    get logLevel() {
      return inner.logLevel;
    },
    get onDidChangeLogLevel() {
      return inner.onDidChangeLogLevel;
    },
    append: (value: string) => inner.append(scrub(value)),
    appendLine: (value: string) => inner.appendLine(scrub(value)),
    replace: (value: string) => inner.replace(scrub(value)),
    // The extra arguments of a log call are formatted into the line by VS Code, so they are scrubbed as text.
    trace: (message: string, ...args: unknown[]) => inner.trace(scrub(joined(message, args))),
    debug: (message: string, ...args: unknown[]) => inner.debug(scrub(joined(message, args))),
    info: (message: string, ...args: unknown[]) => inner.info(scrub(joined(message, args))),
    warn: (message: string, ...args: unknown[]) => inner.warn(scrub(joined(message, args))),
    error: (error: string | Error, ...args: unknown[]) => inner.error(args.length ? scrub(joined(String(error instanceof Error ? error.message : error), args)) : scrubError(error)),
    clear: () => inner.clear(),
    show: (...args: unknown[]) => (inner.show as (...a: unknown[]) => void)(...args),
    hide: () => inner.hide(),
    dispose: () => inner.dispose(),
  };
}

function joined(message: string, args: unknown[]): string {
  if (args.length === 0) return message;
  return [message, ...args.map((a) => (typeof a === 'string' ? a : safeJson(a)))].join(' ');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
