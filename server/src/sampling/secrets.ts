// Resolves a model's API key and extra headers at request time. Keys come from VS Code SecretStorage
// (`apiKeys`, by model name) or from `${env:VAR}` in the recipe; the resolved value lives only inside the
// provider's HTTP client and is never put into a Problem, a run file or a log line.
import { resolveEnv, type EnvMap } from '../core/env';
import type { Problem, Result } from '../core/problem';
import type { ModelDef } from '../recipe/model';

export interface ResolvedCredentials {
  apiKey?: string;
  headers: Record<string, string>;
}

export function resolveCredentials(model: ModelDef, env: EnvMap, apiKeys?: Record<string, string>): Result<ResolvedCredentials> {
  const problems: Problem[] = [];
  let apiKey = apiKeys?.[model.name];
  if (apiKey === undefined && model.apiKeyTemplate !== undefined) {
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
  return { value: apiKey === undefined ? { headers } : { apiKey, headers }, problems };
}

/** Replaces every occurrence of a secret in a text, for error messages that quote a server's reply. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
