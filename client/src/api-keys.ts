// API keys live in VS Code's SecretStorage (the OS keychain where available), each bound to one endpoint: the
// origin (scheme, host, port) of a model's base URL plus the model id (server/src/sampling/secrets.ts). A key is
// looked up only by that binding, so a recipe that gives a known model name another host finds no key and the
// user is asked instead. The bindings themselves (origins, model ids, recipe model names; no key) are listed in
// global state, because SecretStorage cannot be enumerated and the client must tell "never needed a key" from
// "had a key for this model elsewhere". Keys entered before binding existed (`passk.apiKey.<model name>`) are
// never read for sending; they only make the client ask again, and are deleted once a bound key replaces them.
//
// Only `import type` from vscode here, so the store can be tested in plain Node with small fakes.
import type * as vscode from 'vscode';
import { bindingOf, type ModelEndpoint } from '../../server/src/sampling/secrets';

const legacyPrefix = 'passk.apiKey.';
const boundPrefix = 'passk.apiKey@';
const indexKey = 'passk.apiKeyBindings';

/** A non-secret record of where a key is stored. */
export interface KeyBinding {
  origin: string;
  model: string;
  /** The recipe model name the key was entered for (to recognise the same name pointing elsewhere). */
  name: string;
  /** The user said this endpoint needs no key: it is not asked about again. */
  none?: boolean;
}

/** An endpoint of a model that has no stored key although passk knows a key for that model elsewhere. */
export interface MissingKey {
  name: string;
  model: string;
  origin: string;
  /** Origins where a key of this model name is stored, for the prompt; empty for a pre-binding key only. */
  knownAt: string[];
  /** Whether a key stored by model name only (before keys were bound to endpoints) exists for this name. */
  legacy: boolean;
}

export interface KeyLookup {
  /** Binding (origin + " " + model id) → key, for the sealed request parameters. */
  keys: Record<string, string>;
  /** Endpoints the user should be asked about before the request is sent. */
  missing: MissingKey[];
}

export class ApiKeyStore {
  /** Every key value this session has read or stored, so the output channel can scrub them. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly secrets: Pick<vscode.SecretStorage, 'get' | 'store' | 'delete'>,
    private readonly state: Pick<vscode.Memento, 'get' | 'update'>,
    /** Whether the workspace is trusted: in an untrusted one no key is ever read or stored. */
    private readonly trusted: () => boolean,
  ) {}

  /** Key values known to this session (read or stored), for redaction; never sent anywhere. */
  known(): readonly string[] {
    return [...this.seen];
  }

  bindings(): KeyBinding[] {
    const raw = this.state.get<unknown>(indexKey);
    return Array.isArray(raw) ? raw.filter((b): b is KeyBinding => typeof b?.origin === 'string' && typeof b?.model === 'string' && typeof b?.name === 'string') : [];
  }

  /** Stores `key` for every origin of the model (each replica), and drops a pre-binding key of the same name. */
  async set(endpoint: Pick<ModelEndpoint, 'name' | 'model' | 'origins'>, key: string): Promise<void> {
    if (!this.trusted()) throw new Error('passk stores API keys only in a trusted workspace.');
    this.seen.add(key);
    let index = this.bindings();
    for (const origin of endpoint.origins) {
      await this.secrets.store(boundPrefix + bindingOf(origin, endpoint.model), key);
      index = index.filter((b) => !(b.origin === origin && b.model === endpoint.model && (b.name === endpoint.name || b.none)));
      index.push({ origin, model: endpoint.model, name: endpoint.name });
    }
    await this.state.update(indexKey, index);
    await this.secrets.delete(legacyPrefix + endpoint.name);
  }

  /** Removes the keys of every origin of the model (and a pre-binding key of its name). */
  async delete(endpoint: Pick<ModelEndpoint, 'name' | 'model' | 'origins'>): Promise<void> {
    if (!this.trusted()) throw new Error('passk changes API keys only in a trusted workspace.');
    for (const origin of endpoint.origins) await this.secrets.delete(boundPrefix + bindingOf(origin, endpoint.model));
    await this.state.update(indexKey, this.bindings().filter((b) => !(b.model === endpoint.model && endpoint.origins.includes(b.origin))));
    await this.secrets.delete(legacyPrefix + endpoint.name);
  }

  /**
   * The stored keys of exactly these endpoints, and the endpoints to ask about: those without a key of their
   * own while a key of the same model name is stored for another origin, or only by name.
   */
  async lookup(endpoints: readonly ModelEndpoint[]): Promise<KeyLookup> {
    const keys: Record<string, string> = {};
    const missing: MissingKey[] = [];
    // Callers check trust already; the store checks again so no path can read a key in Restricted Mode.
    if (!this.trusted()) return { keys, missing };
    const index = this.bindings();
    for (const ep of endpoints) {
      let legacy: boolean | undefined;
      for (const origin of ep.origins) {
        const binding = bindingOf(origin, ep.model);
        const key = await this.secrets.get(boundPrefix + binding);
        if (key) {
          this.seen.add(key);
          keys[binding] = key;
          continue;
        }
        // A recipe that brings its own key (`${env:…}`) needs no stored one, so nobody is asked.
        if (ep.hasRecipeKey) continue;
        if (index.some((b) => b.none && b.origin === origin && b.model === ep.model)) continue;
        const knownAt = [...new Set(index.filter((b) => !b.none && b.name === ep.name && b.origin !== origin).map((b) => b.origin))];
        legacy ??= await this.hasLegacy(ep.name);
        if (knownAt.length || legacy) missing.push({ name: ep.name, model: ep.model, origin, knownAt, legacy });
      }
    }
    return { keys, missing };
  }

  /** Remembers that the endpoint needs no key, so the user is not asked about it on every run. */
  async declineKey(name: string, model: string, origin: string): Promise<void> {
    if (!this.trusted()) return;
    const index = this.bindings().filter((b) => !(b.origin === origin && b.model === model && b.none));
    index.push({ origin, model, name, none: true });
    await this.state.update(indexKey, index);
  }

  private async hasLegacy(name: string): Promise<boolean> {
    const old = await this.secrets.get(legacyPrefix + name);
    // Never sent, but still a secret: the output channel scrubs it like the others.
    if (old) this.seen.add(old);
    return old !== undefined;
  }
}
