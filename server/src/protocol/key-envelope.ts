// API keys cross the LSP connection only sealed. The VS Code client makes a random 32-byte session key each
// time it starts the server and hands it over in the server process's environment (never over LSP); the keys
// of a run or live-preview request then travel as an AES-256-GCM envelope under that session key, so a
// verbose LSP trace (`passk.trace.server`) shows ciphertext only. The request method is the envelope's
// additional authenticated data, so an envelope made for one request cannot be replayed as another's.
// Client and server both use this module (node:crypto exists in the extension host and in the server).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Result } from '../problems/problem';

/** The environment variable that carries the base64 session key from the client to the server process. */
export const SESSION_KEY_ENV = 'PASSK_SESSION_KEY';

/** Keys sealed for one request: base64 fields of an AES-256-GCM encryption of a JSON object. */
export interface SealedKeys {
  v: 1;
  /** 12-byte nonce, fresh for every envelope. */
  iv: string;
  data: string;
  /** 16-byte authentication tag. */
  tag: string;
}

export function newSessionKey(): Buffer {
  return randomBytes(32);
}

/**
 * Reads the session key from an environment and removes it there, so no `${env:…}` in a recipe (which the
 * server resolves from its own environment) and no child process can ever see it.
 */
export function takeSessionKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const raw = env[SESSION_KEY_ENV];
  delete env[SESSION_KEY_ENV];
  if (raw === undefined) return undefined;
  const key = Buffer.from(raw, 'base64');
  return key.length === 32 ? key : undefined;
}

/** Seals `keys` (binding → key) for the request `method`. */
export function sealKeys(keys: Readonly<Record<string, string>>, sessionKey: Buffer, method: string): SealedKeys {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sessionKey, iv);
  cipher.setAAD(Buffer.from(method, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(keys), 'utf8'), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

const unsealed = (message: string): Result<Record<string, string> | undefined> => ({
  value: undefined,
  problems: [{ code: 'keys/unsealable', severity: 'error', message }],
});

/**
 * Opens an envelope made by `sealKeys` for `method`. Anything else (no session key, a tampered or foreign
 * envelope, a wrong method) gives no keys and a problem; it never throws, because the envelope is request
 * input. The messages never quote the envelope.
 */
export function openKeys(sealed: unknown, sessionKey: Buffer | undefined, method: string): Result<Record<string, string> | undefined> {
  if (!sessionKey) return unsealed('The API keys of this request cannot be opened: the server was started without a session key (only the passk VS Code extension sends keys).');
  const s = (typeof sealed === 'object' && sealed !== null ? sealed : {}) as Partial<SealedKeys>;
  if (s.v !== 1 || typeof s.iv !== 'string' || typeof s.data !== 'string' || typeof s.tag !== 'string') {
    return unsealed('The API keys of this request are not a sealed envelope.');
  }
  let text: string;
  try {
    const iv = Buffer.from(s.iv, 'base64');
    const tag = Buffer.from(s.tag, 'base64');
    if (iv.length !== 12 || tag.length !== 16) return unsealed('The API keys of this request are not a sealed envelope.');
    const decipher = createDecipheriv('aes-256-gcm', sessionKey, iv);
    decipher.setAAD(Buffer.from(method, 'utf8'));
    decipher.setAuthTag(tag);
    text = Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return unsealed('The API keys of this request could not be opened: they were sealed under another session key or for another request. Restart the passk language server.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unsealed('The API keys of this request are not a sealed envelope.');
  }
  const keys: Record<string, string> = {};
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    for (const [binding, key] of Object.entries(parsed)) if (typeof key === 'string' && key !== '') keys[binding] = key;
  }
  return { value: keys, problems: [] };
}
