// Resolves a model's API key and extra headers at request time. Keys come from VS Code SecretStorage or from
// `${env:VAR}` in the recipe; the resolved value lives only inside the provider's HTTP client and is never put
// into a Problem, a run file or a log line.
//
// A stored key is bound to an endpoint, not to a model name: to the origin (scheme, host, port) of one of the
// model's base URLs plus the model id the recipe sends. The editor hands keys over keyed by that binding, and
// this module gives a replica a stored key only when the replica's own origin and model id match, so a recipe
// that reuses a known model name for another host never receives the key (docs/models.md, "API keys").
import { resolveEnv, type EnvMap } from '../text/env';
import type { Problem, Result } from '../problems/problem';
import type { ModelDef } from '../recipe/model';

export interface ResolvedCredentials {
  /** The key every replica without a key of its own sends (a stored key all replicas share, or `${env:…}`). */
  apiKey?: string;
  /**
   * Per-replica keys, index for index with `model.baseUrls`, present only when the replicas' stored keys
   * differ or some replicas have none; an undefined entry falls back to `apiKey`.
   */
  replicaKeys?: (string | undefined)[];
  headers: Record<string, string>;
}

/**
 * The origin of a base URL as the WHATWG URL standard serialises it (`https://api.openai.com`,
 * `http://127.0.0.1:8000`): lower-case scheme and host, IDN hosts in punycode, default ports dropped, userinfo
 * and path ignored. Undefined for anything but http(s), so a key can never be bound to an odd scheme.
 */
export function endpointOrigin(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.origin;
}

/**
 * The binding a stored key is filed under: origin and model id, separated by a space (which no serialised
 * origin contains, so the pair splits back unambiguously). Undefined when the base URL has no http(s) origin.
 */
export function keyBinding(baseUrl: string, modelId: string): string | undefined {
  const origin = endpointOrigin(baseUrl);
  return origin === undefined ? undefined : bindingOf(origin, modelId);
}

/** The binding of an already canonical origin (as `endpointOrigin` returns it) and a model id. */
export function bindingOf(origin: string, modelId: string): string {
  return `${origin} ${modelId}`;
}

/** A model's endpoints as the editor needs them to look up, ask for and send stored keys. */
export interface ModelEndpoint {
  /** The model's name in the recipe. */
  name: string;
  /** The model id sent in requests. */
  model: string;
  /** The origin of each base URL, in order, without duplicates; URLs without an http(s) origin are left out. */
  origins: string[];
  /** Whether the recipe gives the model its own `apiKey` (normally `${env:…}`), so no stored key is needed. */
  hasRecipeKey: boolean;
}

export function modelEndpoint(model: ModelDef): ModelEndpoint {
  const origins = [...new Set(model.baseUrls.map(endpointOrigin).filter((o): o is string => o !== undefined))];
  return { name: model.name, model: model.model, origins, hasRecipeKey: model.apiKeyTemplate !== undefined };
}

/**
 * The stored key of each replica: the key filed under that replica's own origin and the model's id, or
 * undefined. Nothing else is ever consulted, in particular not the model's name.
 */
export function storedKeysFor(model: ModelDef, apiKeys: Readonly<Record<string, string>> | undefined): (string | undefined)[] {
  return model.baseUrls.map((u) => {
    const binding = keyBinding(u, model.model);
    if (binding === undefined || !apiKeys || !Object.prototype.hasOwnProperty.call(apiKeys, binding)) return undefined;
    const key = apiKeys[binding];
    return typeof key === 'string' && key !== '' ? key : undefined;
  });
}

export function resolveCredentials(model: ModelDef, env: EnvMap, apiKeys?: Readonly<Record<string, string>>): Result<ResolvedCredentials> {
  const problems: Problem[] = [];
  const stored = storedKeysFor(model, apiKeys);
  const shared = stored.length > 0 && stored.every((k) => k !== undefined && k === stored[0]) ? stored[0] : undefined;
  let apiKey = shared;
  // The recipe's own key is resolved only for replicas that have no stored key, so a model whose every
  // replica has one does not report an unset variable it does not need.
  if (apiKey === undefined && model.apiKeyTemplate !== undefined && stored.some((k) => k === undefined)) {
    const r = resolveEnv(model.apiKeyTemplate, env);
    // The message names the variable, never the value, so it is safe to show and to store.
    for (const p of r.problems) {
      problems.push({ ...p, code: 'sampling/api-key-unset', span: model.span, message: `The API key of model "${model.name}" is not available: ${p.message}` });
    }
    if (r.value !== '') apiKey = r.value;
  }
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(model.headers)) {
    const r = resolveEnv(template, env);
    for (const p of r.problems) problems.push({ ...p, code: 'sampling/header-unset', span: model.span, message: `Header "${name}" of model "${model.name}" is incomplete: ${p.message}` });
    headers[name] = r.value;
  }
  const value: ResolvedCredentials = { headers };
  if (apiKey !== undefined) value.apiKey = apiKey;
  if (shared === undefined && stored.some((k) => k !== undefined)) value.replicaKeys = stored;
  return { value, problems };
}

/** Every key the credentials may send, for redacting error messages that quote a server's reply. */
export function secretsOf(creds: ResolvedCredentials): string[] {
  return [creds.apiKey, ...(creds.replicaKeys ?? []), ...Object.values(creds.headers)].filter((s): s is string => !!s);
}

/** Secrets shorter than this are not scanned for: they would mangle ordinary text and are no real key. */
const MIN_SECRET = 4;

/**
 * Replaces every occurrence of a secret in a text: error messages that quote a server's reply, and (in the
 * client) every line the output channel and the LSP trace write. The one scrubber, so both redact alike.
 */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  // Longest first, so a key that contains another key is replaced whole.
  const found = [...secrets].filter((s): s is string => !!s && s.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
  for (const s of found) out = out.split(s).join('[redacted]');
  return out;
}
