// A recipe names both the server and the key it sends there. `apiKey: ${env:OPENAI_API_KEY}` is how recipes
// travel without secrets, but the variable was set for OpenAI: a recipe from someone else that points the same
// reference at its own server would receive the key the moment it is run. Variables whose names say which
// provider they belong to are therefore checked against the hosts the model sends them to, and a key bound for
// another host is a warning at the apiKey value (the message names the variable, never its value).
import { resolveEnv, type EnvMap } from '../text/env';
import type { Problem } from '../problems/problem';
import { pathText, type CheckedValue } from './check-structure';

/** Provider key variables and the hosts (and their subdomains) each provider serves its API from. */
const PROVIDER_HOSTS: Readonly<Record<string, readonly string[]>> = {
  OPENAI_API_KEY: ['api.openai.com'],
  ANTHROPIC_API_KEY: ['api.anthropic.com'],
  TOGETHER_API_KEY: ['api.together.xyz', 'api.together.ai'],
  GROQ_API_KEY: ['api.groq.com'],
  DEEPSEEK_API_KEY: ['api.deepseek.com'],
  MISTRAL_API_KEY: ['api.mistral.ai'],
  FIREWORKS_API_KEY: ['api.fireworks.ai'],
  OPENROUTER_API_KEY: ['openrouter.ai'],
  GEMINI_API_KEY: ['generativelanguage.googleapis.com'],
  XAI_API_KEY: ['api.x.ai'],
  HF_TOKEN: ['huggingface.co'],
};

const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)/g;

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

const servedBy = (host: string, hosts: readonly string[]) => hosts.some((h) => host === h || host.endsWith(`.${h}`));

export function checkKeyHosts(values: readonly CheckedValue[], env: EnvMap, problems: Problem[]): void {
  const urls = new Map<string, string[]>();
  for (const v of values) {
    if (v.kind !== 'string' || (v.spec.path !== 'models.*.baseUrl' && v.spec.path !== 'models.*.baseUrl[]')) continue;
    const resolved = resolveEnv((v.node as { value: string }).value, env);
    if (!resolved.problems.length) urls.set(String(v.path[1]), [...(urls.get(String(v.path[1])) ?? []), resolved.value]);
  }
  for (const v of values) {
    if (v.kind !== 'string' || v.spec.path !== 'models.*.apiKey') continue;
    const template = (v.node as { value: string }).value;
    for (const m of template.matchAll(ENV_REFERENCE)) {
      const hosts = PROVIDER_HOSTS[m[1]!];
      if (!hosts) continue;
      const foreign = (urls.get(String(v.path[1])) ?? []).map(hostOf).filter((h): h is string => h !== undefined && !servedBy(h, hosts));
      if (!foreign.length) continue;
      problems.push({
        code: 'recipe/key-for-other-host',
        severity: 'warning',
        message: `"${pathText(v.path)}" sends \${env:${m[1]}}, a key for ${hosts.join(' or ')}, to ${[...new Set(foreign)].join(', ')}. Run this recipe only if you trust that server with the key; otherwise give it a variable of its own.`,
        span: v.span,
        data: { path: v.path, variable: m[1] },
      });
    }
  }
}
