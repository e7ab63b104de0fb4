// The API keys of a `passk/run` or `passk/previewLive` request: opened from the sealed envelope the client
// made under the session key (protocol/key-envelope.ts), and scrubbed from every text that goes back. Plain
// keys in the parameters are refused rather than used, because the trace of that very message already shows
// them; the error tells the client author what to send instead.
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { openKeys } from '../../protocol/key-envelope';
import { redact } from '../../sampling/secrets';

export interface RequestKeys {
  /** Binding (origin + " " + model id) → key, for the engine's `apiKeys`. */
  byBinding: Record<string, string>;
  /** Replaces every key in a text that goes back to the client. */
  scrub(text: string): string;
}

export function requestKeys(params: { apiKeys?: unknown; sealedKeys?: unknown }, sessionKey: Buffer | undefined, method: string): RequestKeys {
  if (params.apiKeys !== undefined) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${method} takes API keys only sealed under the session key ("sealedKeys"), never in plain text; the keys of this request were not used.`);
  }
  let byBinding: Record<string, string> = {};
  if (params.sealedKeys !== undefined) {
    const opened = openKeys(params.sealedKeys, sessionKey, method);
    if (!opened.value) throw new ResponseError(ErrorCodes.InvalidParams, opened.problems.map((p) => p.message).join(' '));
    byBinding = opened.value;
  }
  // The one scrubber (sampling/secrets.ts): keys too short to be secrets are left alone, longer keys go first.
  const secrets = Object.values(byBinding);
  return { byBinding, scrub: (text) => redact(text, secrets) };
}
