// The session key of the running language server. A new random key is made for every server start and given to
// the server process in its environment (never over LSP); request keys are sealed under it
// (server/src/protocol/key-envelope.ts), so the LSP trace shows ciphertext only.
import { newSessionKey, sealKeys, SESSION_KEY_ENV, type SealedKeys } from '../../server/src/protocol/key-envelope';

export class KeySeal {
  private key: Buffer | undefined;

  /** A fresh session key for a server about to start: the environment variables its process gets. */
  renew(): Record<string, string> {
    this.key = newSessionKey();
    return { [SESSION_KEY_ENV]: this.key.toString('base64') };
  }

  /** The keys sealed for one request `method`; undefined when there is nothing to send. */
  seal(keys: Readonly<Record<string, string>>, method: string): SealedKeys | undefined {
    if (!this.key || Object.keys(keys).length === 0) return undefined;
    return sealKeys(keys, this.key, method);
  }
}
