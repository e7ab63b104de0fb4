// A test's stand-in for the VS Code client's session key: the environment that hands it to a server process,
// and sealing of API keys for a request, as client/src/key-seal.ts does.
import { newSessionKey, sealKeys, SESSION_KEY_ENV, type SealedKeys } from '../../server/src/protocol/key-envelope';
import { keyBinding } from '../../server/src/sampling/secrets';

export interface TestSession {
  /** The environment for `LspClient.start({ env })`: this process's plus the session key. */
  env: NodeJS.ProcessEnv;
  key: Buffer;
  /** Seals `{ [origin + " " + model id]: key }` for `method` (e.g. 'passk/run'). */
  seal(keys: Record<string, string>, method: string): SealedKeys;
}

export function testSession(): TestSession {
  const key = newSessionKey();
  return {
    env: { ...process.env, [SESSION_KEY_ENV]: key.toString('base64') },
    key,
    seal: (keys, method) => sealKeys(keys, key, method),
  };
}

/** `{ binding: key }` for a model with base URL `url` and model id `model`. */
export function boundKey(url: string, model: string, key: string): Record<string, string> {
  return { [keyBinding(url, model)!]: key };
}
