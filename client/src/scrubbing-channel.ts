// The output channel every passk message goes through, including the LSP trace (`passk.trace.server`). Keys
// cross the connection only sealed (server/src/protocol/key-envelope.ts), so a trace should never hold one;
// as a second line of defence this channel replaces every key value the session knows before the text reaches
// the real channel, whatever wrote it.
//
// Only `import type` from vscode, so it can be tested in plain Node with a fake channel.
import type * as vscode from 'vscode';

/** Keys shorter than this are not scanned for: they would mangle ordinary text and are no real secret. */
const MIN_SECRET = 4;

export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  // Longest first, so a key that contains another key is replaced whole.
  for (const s of [...secrets].filter((x) => x.length >= MIN_SECRET).sort((a, b) => b.length - a.length)) out = out.split(s).join('[redacted]');
  return out;
}

export function scrubbingChannel(inner: vscode.OutputChannel, secrets: () => Iterable<string>): vscode.OutputChannel {
  const scrub = (text: string) => scrubSecrets(text, secrets());
  return {
    get name() {
      return inner.name;
    },
    append: (value: string) => inner.append(scrub(value)),
    appendLine: (value: string) => inner.appendLine(scrub(value)),
    replace: (value: string) => inner.replace(scrub(value)),
    clear: () => inner.clear(),
    show: (...args: unknown[]) => (inner.show as (...a: unknown[]) => void)(...args),
    hide: () => inner.hide(),
    dispose: () => inner.dispose(),
  };
}
