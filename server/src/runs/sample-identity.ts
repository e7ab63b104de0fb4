// The sample identity of docs/runs.md: what decides whether a stored sample may be reused. It is the endpoint
// (the declared `identity:` of the model, else its server origins), the API kind, the model id, the exact request
// (rendered prompt text and sampling parameters; sample i uses seed + i, so the index completes it) and nothing
// else: never a file path, so a moved recipe or a copied dataset reuses its samples, and never a key, userinfo
// or query, which can carry secrets.
import { createHash } from 'node:crypto';
import type { SamplingParams } from '../recipe/model';
import { canonicalJson } from './fingerprint';

export interface EndpointInput {
  baseUrls: readonly string[];
  identity?: string;
}

/** `scheme://host:port` of a URL, or undefined when it does not parse (it could not be called either). */
export function urlOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined;
  }
}

/**
 * The endpoint a model's samples come from: its declared identity, else its replicas' origins sorted and
 * joined with spaces (replicas are one endpoint by definition, in any order).
 */
export function endpointIdentity(m: EndpointInput): string {
  if (m.identity) return m.identity;
  const origins = [...new Set(m.baseUrls.map((u) => urlOrigin(u) ?? '(unparseable URL)'))].sort();
  return origins.join(' ');
}

export interface EntrySampleInput {
  endpoint: string;
  model: string;
  api: 'chat' | 'completions';
  prompt: { system?: string; user: string };
  params: SamplingParams;
}

const paramsMaterial = (p: SamplingParams) => ({ temperature: p.temperature, topP: p.topP, maxTokens: p.maxTokens, seed: p.seed, stop: p.stop?.length ? p.stop : undefined });

/** The hex SHA-256 of an entry's request template: endpoint, model, api, prompt templates, parameters. */
export function entrySampleIdentity(input: EntrySampleInput): string {
  const material = { v: 2, endpoint: input.endpoint, model: input.model, api: input.api, prompt: { system: input.prompt.system, user: input.prompt.user }, params: paramsMaterial(input.params) };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

/**
 * The identity of one problem's request (16 hex digits, stored as `req` on every sample): the entry's sample
 * identity plus the rendered prompt, which holds every row field the prompt uses. Sample `index` of a request
 * is the same sample wherever the request comes from.
 */
export function requestIdentity(entryIdentity: string, rendered: { system?: string; user: string }): string {
  return createHash('sha256').update(canonicalJson({ e: entryIdentity, system: rendered.system, user: rendered.user })).digest('hex').slice(0, 16);
}
